// A minimal WebAssembly binary emitter: just the instructions the SIMD kernel needs, so the kernel can be
// generated at run time, specialised for one vector size and memory layout, with no toolchain or binary blob.
// Encodings follow the WebAssembly core spec 2.0 (binary format, incl. fixed-width SIMD and the threads
// proposal's shared memory, which Node 20 enables by default).

/** Instruction bytes, nested freely; flattened when the module is assembled. */
export type Code = readonly (number | Code)[];

export const ValType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export type ValTypeName = keyof typeof ValType;

export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function f32Bytes(value: number): number[] {
  return [...new Uint8Array(Float32Array.of(value).buffer)];
}

// memarg = alignment exponent + offset; offsets are immediates, which is how the kernel addresses row lanes.
const memarg = (align: number, offset: number): number[] => [align, ...uleb(offset)];
const simd = (opcode: number, ...immediates: number[]): number[] => [0xfd, ...uleb(opcode), ...immediates];

export const i32 = {
  const: (value: number): Code => [0x41, ...sleb(value)],
  load: (offset = 0): Code => [0x28, ...memarg(2, offset)],
  eqz: [0x45],
  eq: [0x46],
  ne: [0x47],
  ltS: [0x48],
  geS: [0x4e],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  /** Saturating float → int: NaN gives 0 instead of trapping. */
  truncSatF32S: [0xfc, 0x00],
} as const satisfies Record<string, Code | ((...args: never[]) => Code)>;

export const f32 = {
  const: (value: number): Code => [0x43, ...f32Bytes(value)],
  load: (offset = 0): Code => [0x2a, ...memarg(2, offset)],
  add: [0x92],
  sub: [0x93],
  mul: [0x94],
  div: [0x95],
  min: [0x96],
  max: [0x97],
  convertI32S: [0xb2],
  convertI32U: [0xb3],
} as const satisfies Record<string, Code | ((...args: never[]) => Code)>;

export const v128 = {
  load: (offset = 0): Code => simd(0x00, ...memarg(4, offset)),
  store: (offset = 0): Code => simd(0x0b, ...memarg(4, offset)),
} as const;

export const f32x4 = {
  splat: simd(0x13),
  extractLane: (lane: number): Code => simd(0x1f, lane),
  add: simd(0xe4),
  mul: simd(0xe6),
} as const;

export const control = {
  block: (...body: Code[]): Code => [0x02, 0x40, ...body, 0x0b],
  loop: (...body: Code[]): Code => [0x03, 0x40, ...body, 0x0b],
  if: (...body: Code[]): Code => [0x04, 0x40, ...body, 0x0b],
  br: (depth: number): Code => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Code => [0x0d, ...uleb(depth)],
  return: [0x0f],
} as const;

/** Named locals: parameters first, then locals, each with a value type. */
export interface LocalRefs<Name extends string> {
  get(name: Name): Code;
  set(name: Name): Code;
  tee(name: Name): Code;
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValTypeName[];
  readonly locals: readonly ValTypeName[];
  readonly body: Code;
}

export function defineFunction<P extends string, L extends string>(
  name: string,
  params: Record<P, ValTypeName>,
  locals: Record<L, ValTypeName>,
  build: (refs: LocalRefs<P | L>) => Code,
): WasmFunction {
  const names = [...Object.keys(params), ...Object.keys(locals)] as (P | L)[];
  const index = (local: P | L): number => {
    const at = names.indexOf(local);
    if (at < 0) throw new RangeError(`unknown local ${local}`);
    return at;
  };
  const refs: LocalRefs<P | L> = {
    get: (local) => [0x20, ...uleb(index(local))],
    set: (local) => [0x21, ...uleb(index(local))],
    tee: (local) => [0x22, ...uleb(index(local))],
  };
  return {
    name,
    params: Object.values<ValTypeName>(params),
    locals: Object.values<ValTypeName>(locals),
    body: build(refs),
  };
}

function flatten(code: Code, out: number[] = []): number[] {
  for (const item of code) {
    if (typeof item === 'number') out.push(item);
    else flatten(item, out);
  }
  return out;
}

const vector = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((byte) => [byte]));
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];

/**
 * A module importing one shared memory as env.memory (fixed size: shared memories need a maximum, and a fixed
 * one means the buffer never moves) and exporting the given functions, each returning nothing.
 */
export function assembleModule(memoryPages: number, functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((fn) => [0x60, ...vector(fn.params.map((t) => [ValType[t]])), 0x00]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(memoryPages), ...uleb(memoryPages)];
  const bodies = functions.map((fn) => {
    // Locals are declared as runs of one type.
    const runs: number[][] = [];
    for (const t of fn.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === ValType[t]) last[0] = (last[0] ?? 0) + 1;
      else runs.push([1, ValType[t]]);
    }
    const body = [...vector(runs.map(([count = 0, t = 0]) => [...uleb(count), t])), ...flatten(fn.body), 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((fn, i) => [...name(fn.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
