// A typed facade over the global WebAssembly API for the three calls the trainer makes. Node 20's type
// definitions do not declare WebAssembly and the workspace compiles without the DOM lib, so the types are ours.

/** A WebAssembly.Memory; the trainer's is always shared, so its buffer is a SharedArrayBuffer. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** A compiled WebAssembly.Module: cloneable to worker threads through postMessage / workerData. */
export interface WasmModule {
  readonly __brand?: 'WebAssembly.Module';
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
}

const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

export function createSharedMemory(pages: number): WasmMemory {
  return new api.Memory({ initial: pages, maximum: pages, shared: true });
}

export function compileModule(bytes: Uint8Array): WasmModule {
  return new api.Module(bytes);
}

/** Instantiates a module whose only import is env.memory, returning its exports. */
export function instantiate(module: WasmModule, memory: WasmMemory): unknown {
  return new api.Instance(module, { env: { memory } }).exports;
}
