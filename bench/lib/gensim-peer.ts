// Runs gensim's Word2Vec (Debian python3-gensim, /usr/bin/python3) on exactly the sessions given, so benchmarks
// compare both trainers on the same corpus in the same invocation. Returns timings and the trained vectors.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PYTHON = '/usr/bin/python3';

export function gensimAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0;
}

export interface GensimParams {
  readonly sg: 0 | 1;
  readonly vectorSize: number;
  readonly window: number;
  readonly negative: number;
  readonly sample: number;
  readonly minCount: number;
  readonly epochs: number;
  readonly workers: number;
  readonly seed: number;
}

export interface GensimRun {
  /** Wall seconds of each Word2Vec(...) call (vocabulary build + training), in run order. */
  readonly seconds: number[];
  /** gensim's own counts over all epochs of the last run: words trained (after min_count and down-sampling), raw words. */
  readonly effectiveWords: number;
  readonly rawWords: number;
  readonly version: string;
  /** The last run's model. */
  readonly ids: string[];
  readonly vectors: Float32Array;
  readonly outputVectors: Float32Array;
}

// Two-step Word2Vec (build_vocab + train) is what the one-call constructor does, but train() also returns
// gensim's own word counts.
const SCRIPT = `
import json, sys, time, gensim
from gensim.models import Word2Vec
p = json.load(open(sys.argv[1]))
sessions = json.load(open(sys.argv[2]))
out = sys.argv[3]
seconds = []
for _ in range(p['runs']):
    t = time.perf_counter()
    m = Word2Vec(vector_size=p['vectorSize'], window=p['window'], min_count=p['minCount'], sg=p['sg'],
                 negative=p['negative'], sample=p['sample'], epochs=p['epochs'], workers=p['workers'], seed=p['seed'])
    m.build_vocab(sessions)
    effective, raw = m.train(sessions, total_examples=m.corpus_count, epochs=m.epochs)
    seconds.append(time.perf_counter() - t)
m.wv.vectors.astype('<f4').tofile(out + '/vectors.f32')
m.syn1neg.astype('<f4').tofile(out + '/output.f32')
json.dump({'seconds': seconds, 'ids': list(m.wv.index_to_key), 'version': gensim.__version__,
           'effectiveWords': effective, 'rawWords': raw}, open(out + '/result.json', 'w'))
`;

export function runGensim(sessions: readonly (readonly string[])[], params: GensimParams, runs: number): GensimRun {
  const dir = mkdtempSync(join(tmpdir(), 'gensim-peer-'));
  try {
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ ...params, runs }));
    writeFileSync(join(dir, 'sessions.json'), JSON.stringify(sessions));
    writeFileSync(join(dir, 'peer.py'), SCRIPT);
    execFileSync(PYTHON, [join(dir, 'peer.py'), join(dir, 'params.json'), join(dir, 'sessions.json'), dir], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Omit<
      GensimRun,
      'vectors' | 'outputVectors'
    >;
    const floats = (file: string): Float32Array => {
      const bytes = readFileSync(join(dir, file));
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    };
    return { ...result, vectors: floats('vectors.f32'), outputVectors: floats('output.f32') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
