// @ts-check
// Worker-thread entry of the parallel trainer: instantiates the kernel on the shared memory it is handed and
// trains its slice of sessions until done or aborted. Plain JavaScript: see sgns.driver.js for why.
import { parentPort, workerData } from 'node:worker_threads';
import { createSgnsRunner } from './sgns.driver.js';

/** @import { SgnsKernel, SgnsPlan, SgnsSlice } from './sgns.types.ts' */
/** @import { WasmMemory, WasmModule } from '../wasm/webassembly.runtime.ts' */

const { module, memory, plan, slice } =
  /** @type {{ module: WasmModule, memory: WasmMemory, plan: SgnsPlan, slice: SgnsSlice }} */ (workerData);
// The facade in webassembly.runtime.ts is TypeScript, which this plain-JS worker cannot import at run time.
const { exports } = new /** @type {any} */ (globalThis).WebAssembly.Instance(module, { env: { memory } });
const runner = createSgnsRunner(/** @type {SgnsKernel} */ (exports), memory, plan, slice);
let state = runner.step();
while (state === 'running') state = runner.step();
parentPort?.postMessage({ state });
