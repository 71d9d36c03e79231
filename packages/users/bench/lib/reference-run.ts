// Runs the Python reference (loo_users_retail.py) beside the benchmark when the anchors folder and a numpy
// are there, and parses its figures; otherwise says why it did not run.
import { ANCHORS_DIR } from '@shopspace/datasets';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const ANCHORS = ANCHORS_DIR;
export const REFERENCE_SCRIPT = `${ANCHORS}/loo_users_retail.py`;

export interface ReferenceFigure {
  readonly name: string;
  readonly hitRate: number;
  readonly ndcg: number;
}

export type ReferenceOutcome =
  | { readonly ran: true; readonly figures: readonly ReferenceFigure[]; readonly seconds: number }
  | { readonly ran: false; readonly why: string };

/** Starts the reference now (it runs on its own core while the benchmark computes) and resolves at its end. */
export function startReference(): Promise<ReferenceOutcome> {
  if (!existsSync(REFERENCE_SCRIPT)) {
    return Promise.resolve({ ran: false, why: `${REFERENCE_SCRIPT} does not exist on this machine` });
  }
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/python3', [REFERENCE_SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', (e) => resolve({ ran: false, why: `python3 failed to start: ${e.message}` }));
    child.on('close', (code) => {
      if (code !== 0) {
        resolve({ ran: false, why: `reference exited ${code}: ${err.trim().split('\n').pop() ?? ''}` });
        return;
      }
      const figures = [...out.matchAll(/^(.+): HR@10 ([\d.]+) NDCG@10 ([\d.]+)/gm)].map((m) => ({
        name: m[1]!,
        hitRate: Number(m[2]),
        ndcg: Number(m[3]),
      }));
      resolve({ ran: true, figures, seconds: (performance.now() - started) / 1000 });
    });
  });
}
