// Reading a model's evaluation (the JSON `metrics` of a training run or model version) into rows for the
// metrics table and chart. Pure; tolerant of missing parts, since metrics is free-form JSON in the schema.

export const MEASURES = ['hr@10', 'ndcg@10', 'mrr'] as const;
export type Measure = (typeof MEASURES)[number];

export interface ScorerRow {
  readonly scorer: string;
  readonly label: string;
  readonly figures: Readonly<Record<Measure, number | null>>;
}

export interface ModelMetrics {
  readonly rows: readonly ScorerRow[];
  readonly cases: number | null;
  readonly split: {
    readonly testFrom: string | null;
    readonly trainSessions: number | null;
    readonly testSessions: number | null;
  } | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function figures(v: unknown): Record<Measure, number | null> | null {
  if (!isRecord(v)) return null;
  const f = { 'hr@10': num(v['hr@10']), 'ndcg@10': num(v['ndcg@10']), mrr: num(v['mrr']) };
  return f['hr@10'] === null && f['ndcg@10'] === null && f.mrr === null ? null : f;
}

const LABELS: Record<string, string> = {
  served: 'Served model',
  item2vec: 'item2vec alone',
  popularity: 'Popularity (baseline)',
  itemKnn: 'Item-kNN (baseline)',
  blend: 'Blend',
};

export function readMetrics(metrics: unknown): ModelMetrics | null {
  if (!isRecord(metrics)) return null;
  const rows: ScorerRow[] = [];
  const add = (scorer: string, v: unknown) => {
    const f = figures(v);
    if (f) rows.push({ scorer, label: LABELS[scorer] ?? scorer, figures: f });
  };
  add('served', metrics['served']);
  add('item2vec', metrics['item2vec']);
  const baselines = metrics['baselines'];
  if (isRecord(baselines)) for (const [name, v] of Object.entries(baselines)) add(name, v);
  // Flat metrics ({"hr@10": …}) from older runs.
  if (rows.length === 0) add('served', metrics);
  if (rows.length === 0) return null;
  const split = isRecord(metrics['split'])
    ? {
        testFrom: typeof metrics['split']['testFrom'] === 'string' ? metrics['split']['testFrom'] : null,
        trainSessions: num(metrics['split']['trainSessions']),
        testSessions: num(metrics['split']['testSessions']),
      }
    : null;
  return { rows, cases: num(metrics['cases']), split };
}

/** The served model's relative gain over the best baseline on a measure, or null without both. */
export function gainOverBestBaseline(m: ModelMetrics, measure: Measure): number | null {
  const served = m.rows.find((r) => r.scorer === 'served')?.figures[measure] ?? null;
  const baselines = m.rows
    .filter((r) => r.scorer === 'popularity' || r.scorer === 'itemKnn')
    .map((r) => r.figures[measure])
    .filter((v): v is number => v !== null);
  if (served === null || baselines.length === 0) return null;
  const best = Math.max(...baselines);
  return best > 0 ? served / best - 1 : null;
}
