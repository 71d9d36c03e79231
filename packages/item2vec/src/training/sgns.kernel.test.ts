import { describe, expect, it } from 'vitest';
import { plantedSessions } from '../testing/planted-sessions.fixture.ts';
import { trainItem2vecSync } from './trainer.ts';
import type { Item2vecConfig } from './train-config.ts';

const sessions = plantedSessions({
  clusters: 4,
  itemsPerCluster: 6,
  sessions: 150,
  sessionLength: 7,
  noise: 0.1,
  seed: 5,
});
const bits = (vectors: Float32Array): Uint32Array =>
  new Uint32Array(vectors.buffer, vectors.byteOffset, vectors.length);

// The generated WebAssembly must do exactly what the scalar float32 reference does, to the last bit: any
// emitter slip (a wrong offset, operand order, lane or label) shows up as a different vector.
describe('SIMD kernel against the scalar reference', () => {
  it.each<[string, Partial<Item2vecConfig>]>([
    ['cbow mean, window 3', { mode: 'cbow', window: 3 }],
    ['cbow sum, whole session', { mode: 'cbow', window: 0, cbowMean: false }],
    ['skip-gram, window 2, down-sampling', { mode: 'skipgram', window: 2, sample: 0.01 }],
    ['skip-gram, whole session, dim 10 (padded rows)', { mode: 'skipgram', window: 0, dim: 10 }],
    ['cbow, 1 negative, rare-favouring noise', { mode: 'cbow', negative: 1, nsExponent: -0.5, dim: 8 }],
  ])('%s', (_name, config) => {
    const settings = { dim: 12, epochs: 3, minCount: 1, seed: 9, ...config };
    const simd = trainItem2vecSync(sessions, settings);
    const scalar = trainItem2vecSync(sessions, settings, { kernel: 'scalar' });
    expect(simd.vectors.some((v) => v !== 0)).toBe(true);
    expect(simd.outputVectors.some((v) => v !== 0)).toBe(true);
    expect(bits(simd.vectors)).toEqual(bits(scalar.vectors));
    expect(bits(simd.outputVectors)).toEqual(bits(scalar.outputVectors));
  });
});
