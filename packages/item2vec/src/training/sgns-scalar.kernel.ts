// The same updates as the WebAssembly kernel in scalar JavaScript over Float32Array views, rounding every
// operation to float32 (Math.fround) in the kernel's own summation order. It is the oracle the SIMD kernel is
// tested against bit for bit, and the "plain TypeScript" line of the speed comparison in README.md.
import { EXP_TABLE_SIZE, MAX_EXP } from './sampling-tables.ts';
import type { SgnsKernel } from './sgns.types.ts';
import type { SgnsKernelLayout } from './sgns.kernel.ts';
import type { WasmMemory } from '../wasm/webassembly.runtime.ts';

const fr = Math.fround;

export function createScalarKernel(memory: WasmMemory, layout: SgnsKernelLayout): SgnsKernel {
  const f32 = new Float32Array(memory.buffer);
  const i32 = new Int32Array(memory.buffer);
  const { stride } = layout;
  const syn0 = layout.syn0Ptr >>> 2;
  const syn1 = layout.syn1Ptr >>> 2;
  const sigmoid = layout.sigmoidPtr >>> 2;
  const indexScale = fr(EXP_TABLE_SIZE / MAX_EXP / 2);

  // dot(a, b) as the SIMD kernel sums it: 2 interleaved accumulators of 4 lanes, then the lanes pairwise. (The
  // dot only picks a sigmoid-table slot, so a 1-ulp difference here would rarely show in the vectors.)
  const dot = (a: number, b: number): number => {
    const acc = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let d = 0; d < stride; d++) {
      const slot = ((d >> 2) % 2) * 4 + (d & 3);
      acc[slot] = fr((acc[slot] ?? 0) + fr((f32[a + d] ?? 0) * (f32[b + d] ?? 0)));
    }
    const lane = (l: number): number => fr((acc[l] ?? 0) + (acc[l + 4] ?? 0));
    return fr(fr(lane(0) + lane(1)) + fr(lane(2) + lane(3)));
  };
  const gradient = (label: number, f: number, alpha: number): number => {
    const clamped = Math.min(Math.max(f, -MAX_EXP), MAX_EXP);
    const index = Math.trunc(fr(fr(clamped + MAX_EXP) * indexScale));
    return fr(fr(label - (f32[sigmoid + index] ?? 0)) * fr(alpha));
  };
  /** dst += scale * src (row offsets in floats) */
  const axpy = (dst: number, src: number, scale: number): void => {
    for (let d = 0; d < stride; d++) f32[dst + d] = fr((f32[dst + d] ?? 0) + fr((f32[src + d] ?? 0) * scale));
  };
  const train = (input: number, target: number, label: number, alpha: number, error: number): void => {
    const row = syn1 + target * stride;
    const g = gradient(label, dot(input, row), alpha);
    axpy(error, row, g);
    axpy(row, input, g);
  };

  return {
    cbow(sentence, lo, hi, centre, targets, targetCount, alpha, neu1Ptr, neu1ePtr, mean) {
      const neu1 = neu1Ptr >>> 2;
      const neu1e = neu1ePtr >>> 2;
      f32.fill(0, neu1, neu1 + stride);
      f32.fill(0, neu1e, neu1e + stride);
      const rows: number[] = [];
      for (let j = lo; j < hi; j++) if (j !== centre) rows.push(syn0 + (i32[(sentence >>> 2) + j] ?? 0) * stride);
      if (rows.length === 0) return;
      for (const row of rows) axpy(neu1, row, 1);
      const inverse = fr(1 / rows.length);
      if (mean) for (let d = 0; d < stride; d++) f32[neu1 + d] = fr((f32[neu1 + d] ?? 0) * inverse);
      for (let q = 0; q < targetCount; q++) {
        const target = i32[(targets >>> 2) + q] ?? -1;
        if (target >= 0) train(neu1, target, q === 0 ? 1 : 0, alpha, neu1e);
      }
      if (!mean) for (let d = 0; d < stride; d++) f32[neu1e + d] = fr((f32[neu1e + d] ?? 0) * inverse);
      for (const row of rows) axpy(row, neu1e, 1);
    },
    skipgram(sentence, lo, hi, centre, targets, perPair, alpha, neu1ePtr) {
      const neu1e = neu1ePtr >>> 2;
      for (let j = lo; j < hi; j++) {
        if (j === centre) continue;
        const input = syn0 + (i32[(sentence >>> 2) + j] ?? 0) * stride;
        f32.fill(0, neu1e, neu1e + stride);
        const block = (targets >>> 2) + (j - lo) * perPair;
        for (let q = 0; q < perPair; q++) {
          const target = i32[block + q] ?? -1;
          if (target >= 0) train(input, target, q === 0 ? 1 : 0, alpha, neu1e);
        }
        axpy(input, neu1e, 1);
      }
    },
  };
}
