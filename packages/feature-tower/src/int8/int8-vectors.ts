// Served tower vectors: the tanh output (in [-1, 1]) times 128, rounded and clamped to [-127, 127], one byte a
// dimension and no per-row scale, so int8 dot products of two items compare exactly like their float ones up
// to rounding. -128 is never used, keeping the code range symmetric.

export const INT8_SCALE = 128;

export function quantizeTowerOutput(values: Float32Array): Int8Array {
  const out = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const code = Math.round(values[i]! * INT8_SCALE);
    out[i] = code > 127 ? 127 : code < -127 ? -127 : code;
  }
  return out;
}

/** Back to floats in [-127/128, 127/128] (for reports and float reference search). */
export function dequantizeTowerOutput(codes: Int8Array): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i]! / INT8_SCALE;
  return out;
}
