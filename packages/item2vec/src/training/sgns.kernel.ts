// The word2vec negative-sampling updates (CBOW and skip-gram) as a WebAssembly SIMD module generated for one
// run: the vector size and the weight addresses are baked in and every row loop is unrolled, which is what
// makes it ~5x faster than the same loops over Float32Array in V8 (README.md has the measurements).
import {
  assembleModule,
  control,
  defineFunction,
  f32,
  f32x4,
  i32,
  v128,
  type Code,
  type LocalRefs,
} from '../wasm/wasm-module.emitter.ts';
import { EXP_TABLE_SIZE, MAX_EXP } from './sampling-tables.ts';

export interface SgnsKernelLayout {
  /** Floats per weight row, a multiple of 4. */
  readonly stride: number;
  readonly syn0Ptr: number;
  readonly syn1Ptr: number;
  readonly sigmoidPtr: number;
  readonly memoryPages: number;
}

/**
 * Builds the module. Exports (all pointers are byte offsets, `sentence` an int32 array of item indices):
 * - cbow(sentence, lo, hi, centre, targets, targetCount, alpha, neu1, neu1e, mean): the context
 *   sentence[lo..hi) minus the centre predicts targets[0] (label 1) against targets[1..] (label 0; -1 = skip).
 *   neu1/neu1e are one-row scratch buffers. mean != 0 averages the context (gensim cbow_mean=1).
 * - skipgram(sentence, lo, hi, centre, targets, perPair, alpha, neu1e): for each context position j, the
 *   input vector of sentence[j] predicts the block targets[(j - lo) * perPair ..] laid out as above.
 */
export function buildSgnsKernel(layout: SgnsKernelLayout): Uint8Array {
  const { stride, syn0Ptr, syn1Ptr, sigmoidPtr } = layout;
  if (stride % 4 !== 0 || stride <= 0) throw new RangeError('stride must be a positive multiple of 4');
  const rowBytes = stride * 4;
  const groups = stride / 4;

  /** One instruction sequence per 4-float lane group, with the group's byte offset. */
  const unrolled = (perGroup: (offset: number) => Code): Code =>
    Array.from({ length: groups }, (_, k) => perGroup(k * 16));

  // Row-vector helpers over named i32 pointer locals; they also use the v128 locals scale, acc0 and acc1.
  type Ptr = 'neu1' | 'neu1e' | 'row' | 'input';
  const vec = (l: LocalRefs<string>) => ({
    zero: (p: Ptr): Code => unrolled((o) => [l.get(p), f32.const(0), f32x4.splat, v128.store(o)]),
    /** dst += src */
    add: (dst: Ptr, src: Ptr): Code =>
      unrolled((o) => [l.get(dst), l.get(dst), v128.load(o), l.get(src), v128.load(o), f32x4.add, v128.store(o)]),
    /** dst += scale * src */
    axpy: (dst: Ptr, src: Ptr): Code =>
      unrolled((o) => [
        [l.get(dst), l.get(dst), v128.load(o)],
        [l.get(src), v128.load(o), l.get('scale'), f32x4.mul, f32x4.add, v128.store(o)],
      ]),
    /** p *= scale */
    scale: (p: Ptr): Code =>
      unrolled((o) => [l.get(p), l.get(p), v128.load(o), l.get('scale'), f32x4.mul, v128.store(o)]),
    /** Leaves dot(a, b) on the stack; two accumulators halve the add dependency chain. */
    dot: (a: Ptr, b: Ptr): Code => [
      f32.const(0),
      f32x4.splat,
      l.set('acc0'),
      f32.const(0),
      f32x4.splat,
      l.set('acc1'),
      unrolled((o) => {
        const acc = (o / 16) % 2 === 0 ? 'acc0' : 'acc1';
        return [l.get(acc), l.get(a), v128.load(o), l.get(b), v128.load(o), f32x4.mul, f32x4.add, l.set(acc)];
      }),
      [l.get('acc0'), l.get('acc1'), f32x4.add, l.tee('acc0'), f32x4.extractLane(0)],
      [l.get('acc0'), f32x4.extractLane(1), f32.add],
      [l.get('acc0'), f32x4.extractLane(2), l.get('acc0'), f32x4.extractLane(3), f32.add, f32.add],
    ],
    /** Sets `scale` to splat((label - sigmoid(f)) * alpha), sigmoid from word2vec's table (clamped at ±MAX_EXP). */
    gradient: (label: Code, f: Code, alpha: Code): Code => [
      label,
      [i32.const(sigmoidPtr), f, f32.const(-MAX_EXP), f32.max, f32.const(MAX_EXP), f32.min],
      [f32.const(MAX_EXP), f32.add, f32.const(EXP_TABLE_SIZE / MAX_EXP / 2), f32.mul, i32.truncSatF32S],
      [i32.const(2), i32.shl, i32.add, f32.load()],
      [f32.sub, alpha, f32.mul, f32x4.splat, l.set('scale')],
    ],
  });

  /** Byte address of the row of the item read from int32 array `base` at index `index`. */
  const rowOf = (weightsPtr: number, base: Code, index: Code): Code => [
    [base, index, i32.const(2), i32.shl, i32.add, i32.load()],
    [i32.const(rowBytes), i32.mul, i32.const(weightsPtr), i32.add],
  ];
  /** for (counter = from; counter < to; counter++) body — `body` may `br 0` only through nested blocks. */
  const forRange = <N extends string>(l: LocalRefs<N>, counter: N, from: Code, to: Code, ...body: Code[]): Code => [
    from,
    l.set(counter),
    control.block(
      control.loop([l.get(counter), to, i32.geS, control.brIf(1)], body, [
        l.get(counter),
        i32.const(1),
        i32.add,
        l.set(counter),
        control.br(0),
      ]),
    ),
  ];

  const cbow = defineFunction(
    'cbow',
    {
      sentence: 'i32',
      lo: 'i32',
      hi: 'i32',
      centre: 'i32',
      targets: 'i32',
      targetCount: 'i32',
      alpha: 'f32',
      neu1: 'i32',
      neu1e: 'i32',
      mean: 'i32',
    },
    { j: 'i32', count: 'i32', row: 'i32', q: 'i32', target: 'i32', scale: 'v128', acc0: 'v128', acc1: 'v128' },
    (l) => {
      const v = vec(l);
      const eachContext = (...body: Code[]): Code =>
        forRange(l, 'j', l.get('lo'), l.get('hi'), [l.get('j'), l.get('centre'), i32.ne], control.if(...body));
      return [
        v.zero('neu1'),
        v.zero('neu1e'),
        i32.const(0),
        l.set('count'),
        eachContext(rowOf(syn0Ptr, l.get('sentence'), l.get('j')), l.set('row'), v.add('neu1', 'row'), [
          l.get('count'),
          i32.const(1),
          i32.add,
          l.set('count'),
        ]),
        [l.get('count'), i32.eqz, control.if(control.return)],
        // 1 / count, kept in `scale` for both the mean and the summed-context error scaling.
        [f32.const(1), l.get('count'), f32.convertI32S, f32.div, f32x4.splat, l.set('scale')],
        [l.get('mean'), control.if(v.scale('neu1'))],
        forRange(
          l,
          'q',
          i32.const(0),
          l.get('targetCount'),
          [l.get('targets'), l.get('q'), i32.const(2), i32.shl, i32.add, i32.load(), l.tee('target')],
          [i32.const(0), i32.geS],
          control.if(
            [l.get('target'), i32.const(rowBytes), i32.mul, i32.const(syn1Ptr), i32.add, l.set('row')],
            v.gradient([l.get('q'), i32.eqz, f32.convertI32U], v.dot('neu1', 'row'), l.get('alpha')),
            v.axpy('neu1e', 'row'),
            v.axpy('row', 'neu1'),
          ),
        ),
        [
          l.get('mean'),
          i32.eqz,
          control.if(
            [f32.const(1), l.get('count'), f32.convertI32S, f32.div, f32x4.splat, l.set('scale')],
            v.scale('neu1e'),
          ),
        ],
        eachContext(rowOf(syn0Ptr, l.get('sentence'), l.get('j')), l.set('row'), v.add('row', 'neu1e')),
      ];
    },
  );

  const skipgram = defineFunction(
    'skipgram',
    {
      sentence: 'i32',
      lo: 'i32',
      hi: 'i32',
      centre: 'i32',
      targets: 'i32',
      perPair: 'i32',
      alpha: 'f32',
      neu1e: 'i32',
    },
    {
      j: 'i32',
      q: 'i32',
      block: 'i32',
      target: 'i32',
      row: 'i32',
      input: 'i32',
      scale: 'v128',
      acc0: 'v128',
      acc1: 'v128',
    },
    (l) => {
      const v = vec(l);
      return forRange(
        l,
        'j',
        l.get('lo'),
        l.get('hi'),
        [l.get('j'), l.get('centre'), i32.ne],
        control.if(
          [rowOf(syn0Ptr, l.get('sentence'), l.get('j')), l.set('input')],
          v.zero('neu1e'),
          [l.get('j'), l.get('lo'), i32.sub, l.get('perPair'), i32.mul, i32.const(2), i32.shl],
          [l.get('targets'), i32.add, l.set('block')],
          forRange(
            l,
            'q',
            i32.const(0),
            l.get('perPair'),
            [l.get('block'), l.get('q'), i32.const(2), i32.shl, i32.add, i32.load(), l.tee('target')],
            [i32.const(0), i32.geS],
            control.if(
              [l.get('target'), i32.const(rowBytes), i32.mul, i32.const(syn1Ptr), i32.add, l.set('row')],
              v.gradient([l.get('q'), i32.eqz, f32.convertI32U], v.dot('input', 'row'), l.get('alpha')),
              v.axpy('neu1e', 'row'),
              v.axpy('row', 'input'),
            ),
          ),
          v.add('input', 'neu1e'),
        ),
      );
    },
  );

  return assembleModule(layout.memoryPages, [cbow, skipgram]);
}
