// Parsing of the console's richer forms (training config, experiment variants) into API inputs, with a
// message naming the field when something is off. Pure.
import type { CreateExperimentInput, TrainConfigInput } from '../generated/graphql.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

interface FormLike {
  get(name: string): FormDataEntryValue | null;
}

const str = (form: FormLike, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

export function parseTrainingForm(form: FormLike): Parsed<TrainConfigInput> {
  const config: TrainConfigInput = {};
  const algorithm = str(form, 'algorithm');
  if (algorithm) config.algorithm = algorithm;
  const ints: Array<[keyof TrainConfigInput, string, number, number]> = [
    ['dimensions', 'Dimensions', 2, 512],
    ['epochs', 'Epochs', 1, 1000],
    ['window', 'Window', 0, 100],
    ['minCount', 'Minimum count', 1, 1000],
  ];
  for (const [key, label, min, max] of ints) {
    const raw = str(form, key);
    if (!raw) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      return { ok: false, error: `${label} must be a whole number from ${min} to ${max}.` };
    (config as Record<string, unknown>)[key] = n;
  }
  const blend = str(form, 'blend');
  if (blend) {
    const b = Number(blend);
    if (!Number.isFinite(b) || b < 0 || b > 1) return { ok: false, error: 'Blend must be a number from 0 to 1.' };
    config.blend = b;
  }
  const testFrom = str(form, 'testFrom');
  if (testFrom) {
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(testFrom) ? `${testFrom}T00:00:00Z` : testFrom);
    if (!Number.isFinite(t)) return { ok: false, error: 'Test from must be a date (YYYY-MM-DD).' };
    config.testFrom = new Date(t).toISOString();
  }
  return { ok: true, value: config };
}

/**
 * What a variant can serve: the model's served pipeline, its ranker, one generator family alone, or the ranker's
 * candidates re-ranked by the response model (full, or its global part only).
 */
export const STRATEGIES = [
  'served',
  'ranker',
  'item2vec',
  'item-knn',
  'session-knn',
  'popularity',
  'user-history',
  'response',
  'response-global',
  'tower',
] as const;

export function parseExperimentForm(form: FormLike): Parsed<Omit<CreateExperimentInput, 'shopId'>> {
  const name = str(form, 'name');
  const placement = str(form, 'placement');
  if (!name) return { ok: false, error: 'Name: give the experiment a name.' };
  if (!placement) return { ok: false, error: 'Placement: say where it runs, such as "pdp-similar".' };
  const variants: CreateExperimentInput['variants'] = [];
  for (let i = 0; i < 4; i++) {
    const key = str(form, `variant${i}.key`);
    if (!key) continue;
    const weight = Number(str(form, `variant${i}.weight`));
    if (!Number.isFinite(weight) || weight <= 0)
      return { ok: false, error: `Variant ${key}: the weight must be a positive number.` };
    const algorithm = str(form, `variant${i}.algorithm`);
    if (!(STRATEGIES as readonly string[]).includes(algorithm))
      return { ok: false, error: `Variant ${key}: choose one of ${STRATEGIES.join(', ')}.` };
    const modelVersionId = str(form, `variant${i}.modelVersionId`);
    variants.push({ key, weight, strategy: modelVersionId ? { algorithm, modelVersionId } : { algorithm } });
  }
  if (variants.length < 2) return { ok: false, error: 'Variants: an experiment needs at least two.' };
  return { ok: true, value: { name, placement, variants } };
}
