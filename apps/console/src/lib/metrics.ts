// Reading a model's evaluation (the JSON `metrics` of a training run or model version) into rows for the
// metrics table and chart. Pure; tolerant of missing parts, since metrics is free-form JSON in the schema.

export const MEASURES = ['hr@10', 'ndcg@10', 'mrr'] as const;
export type Measure = (typeof MEASURES)[number];

export interface ScorerRow {
  readonly scorer: string;
  readonly label: string;
  readonly figures: Readonly<Record<Measure, number | null>>;
}

/** What the training run chose to serve, in words (a pipeline chosen on validation). */
export interface Choice {
  readonly kind: 'ranker' | 'generator';
  readonly name: string;
  readonly summary: string;
  readonly validationCases: number | null;
}

export interface ModelMetrics {
  readonly rows: readonly ScorerRow[];
  readonly choice: Choice | null;
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
  const generators = metrics['generators'];
  if (isRecord(generators)) {
    // Every candidate the run measured on the test split, best first.
    const ranked = Object.entries(generators)
      .map(([name, v]) => [name, figures(v)] as const)
      .filter((e): e is readonly [string, Record<Measure, number | null>] => e[1] !== null)
      .sort((a, b) => (b[1]['ndcg@10'] ?? 0) - (a[1]['ndcg@10'] ?? 0));
    for (const [name, f] of ranked) rows.push({ scorer: `generator:${name}`, label: `${name} alone`, figures: f });
  } else add('item2vec', metrics['item2vec']);
  const baselines = metrics['baselines'];
  if (isRecord(baselines) && !isRecord(generators)) for (const [name, v] of Object.entries(baselines)) add(name, v);
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
  const c = metrics['choice'];
  const choice: Choice | null =
    isRecord(c) && (c['kind'] === 'ranker' || c['kind'] === 'generator') && typeof c['summary'] === 'string'
      ? {
          kind: c['kind'],
          name: typeof c['name'] === 'string' ? c['name'] : '',
          summary: c['summary'],
          validationCases: isRecord(c['validation']) ? num(c['validation']['cases']) : null,
        }
      : null;
  return { rows, choice, cases: num(metrics['cases']), split };
}

/** The choice in a sentence for people: what is served and why. */
export function choiceSentence(choice: Choice): string {
  const what = choice.kind === 'ranker' ? 'the GLMix ranker over the candidate generators' : `${choice.name} alone`;
  return `Serves ${what}. ${choice.summary.charAt(0).toUpperCase()}${choice.summary.slice(1)}.`;
}

/** The served model's relative gain over the best baseline (or single generator) on a measure, or null. */
export function gainOverBestBaseline(m: ModelMetrics, measure: Measure): number | null {
  const served = m.rows.find((r) => r.scorer === 'served')?.figures[measure] ?? null;
  const baselines = m.rows
    .filter((r) => r.scorer === 'popularity' || r.scorer === 'itemKnn' || r.scorer.startsWith('generator:'))
    .map((r) => r.figures[measure])
    .filter((v): v is number => v !== null);
  if (served === null || baselines.length === 0) return null;
  const best = Math.max(...baselines);
  return best > 0 ? served / best - 1 : null;
}
