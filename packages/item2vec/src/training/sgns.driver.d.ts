// Declarations for sgns.driver.js (plain JavaScript so worker threads load it without a TypeScript loader).
import type { WasmMemory } from '../wasm/webassembly.runtime.ts';
import type { SgnsKernel, SgnsPlan, SgnsRunner, SgnsSlice } from './sgns.types.ts';

export declare const CONTROL_ABORT_OFFSET: number;
export declare const CONTROL_KEPT_OFFSET: number;

export declare function createSgnsRunner(
  kernel: SgnsKernel,
  memory: WasmMemory,
  plan: SgnsPlan,
  slice: SgnsSlice,
): SgnsRunner;
