// `pnpm bench:tower-tfjs`: the same tower, batches and negative draws trained by the hand-written Float32Array
// kernels and by @tensorflow/tfjs-core on its wasm backend (the dense layers' products; bags, negative choice,
// loss and Adam are the same JavaScript for both), on Online Retail uk ("Online Retail", Chen, Sain & Guo 2012, UCI, CC BY
// 4.0) contacts before 2011-10-01. Prints examples per CPU second and the loss each reaches after the same
// examples. @tensorflow/tfjs-node cannot install here (../shared/STACK.md), so wasm is the fast tfjs option.
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import {
  AVITO_NEGATIVES,
  buildTrainingPairs,
  trainTowerSync,
  type DenseLayersFactory,
  type TowerConfig,
  type TrainedTower,
} from '../src/index.ts';
import { contactsBefore, loadRetailShop, parseRetailDate } from './lib/retail-shop.ts';
import { tfjsDenseLayers } from './lib/tfjs-dense-layers.ts';

const steps = Number(process.argv.find((a) => a.startsWith('--steps='))?.slice(8) ?? 40);

async function main(): Promise<void> {
  console.log(
    `machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  setThreadsCount(availableParallelism());
  await tf.setBackend('wasm');
  console.log(
    `tfjs-core ${tf.version_core} backend ${tf.getBackend()}: SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getThreadsCount() : '1 (no multithread support in Node)'}`,
  );
  const shop = loadRetailShop();
  const contacts = contactsBefore(shop.contacts, parseRetailDate('2011-10-01 00:00:00'));
  const input = { items: shop.items, contacts };
  // Epochs chosen so each run stops after about `steps` minibatches (pair count does not depend on the seed).
  const batches = Math.ceil((2 * buildTrainingPairs(contacts).count) / 256);
  for (const [label, config] of [
    ['package default (100 negatives, all in the softmax)', {}],
    ['top-100 of 4,000 (AVITO_NEGATIVES)', AVITO_NEGATIVES],
  ] as Array<[string, Partial<TowerConfig>]>) {
    const measure = (epochs: number, denseLayers?: DenseLayersFactory): { run: TrainedTower; cpu: number } => {
      const cpu0 = process.cpuUsage();
      const run = trainTowerSync(input, { ...config, epochs }, denseLayers === undefined ? {} : { denseLayers });
      const cpu = process.cpuUsage(cpu0);
      return { run, cpu: (cpu.user + cpu.system) / 1e6 };
    };
    // Preparation (hashing, pairs, initialisation) is the same for both: a one-minibatch run prices it.
    const setup = measure(1e-9);
    const js = measure(steps / batches);
    const wasm = measure(steps / batches, tfjsDenseLayers);
    const rate = (m: { run: TrainedTower; cpu: number }): number =>
      (m.run.stats.examples - setup.run.stats.examples) / Math.max(1e-9, m.cpu - setup.cpu);
    const lastLoss = (m: { run: TrainedTower }): number => {
      const tail = Array.from(m.run.stats.lossCurve)
        .filter((x) => !Number.isNaN(x))
        .slice(-4);
      return tail.reduce((sum, x) => sum + x, 0) / tail.length;
    };
    console.log(`${label}, ${js.run.stats.steps} minibatches of 256 (${js.run.stats.examples} examples), same seed:`);
    console.log(
      `  hand-written Float32Array: ${Math.round(rate(js))} examples per CPU second, loss over the last fifth ${lastLoss(js).toFixed(4)}`,
    );
    console.log(
      `  tfjs wasm:                 ${Math.round(rate(wasm))} examples per CPU second, loss over the last fifth ${lastLoss(wasm).toFixed(4)}`,
    );
    console.log(
      `  ratio ${(rate(js) / rate(wasm)).toFixed(1)}× in favour of ${rate(js) >= rate(wasm) ? 'the hand-written kernels' : 'tfjs'}`,
    );
  }
}

await main();
