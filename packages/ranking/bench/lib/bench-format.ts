// Small helpers the ranking benchmarks share: the machine line, metric rows with their 95% intervals,
// percentiles of timings.
import { readFileSync } from 'node:fs';
import type { Estimate, Evaluation } from '../../src/index.ts';

export function machine(): string {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? 'unknown CPU';
  return `${cpu}, ${(info.match(/^processor/gm) ?? []).length} cores, Node ${process.version}`;
}

const ci = (e: Estimate): string => `${e.mean.toFixed(4)} [${e.low.toFixed(3)}, ${e.high.toFixed(3)}]`;

export function metricRow(name: string, e: Evaluation, width = 44): string {
  return `${name.padEnd(width)} HR@10 ${ci(e.hitRate)}  NDCG@10 ${ci(e.ndcg)}  MRR@10 ${e.mrr.mean.toFixed(4)}`;
}

/** p-th percentile (0..100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
