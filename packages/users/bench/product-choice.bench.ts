// bench:users-choice — what a training run serves as user recommendations on Online Retail uk ("Online
// Retail", Chen, Sain & Guo 2012, UCI, CC BY 4.0): `chooseUserModel` as the worker calls it (every customer's
// history trains; customers with ≥ 5 skus are evaluated leave-one-out; two-tower off above 300 of them),
// every candidate on validation and test, the served choice, and the time it takes. The reference figures
// (popularity 0.434 / 0.235, item-kNN 0.552 / 0.353, iALS 0.632 / 0.413) come from `pnpm bench:users`, which
// runs the Python reference on the same protocol with its own negatives.
import { availableParallelism, cpus } from 'node:os';
import { chooseUserModel } from '../src/eval/user-model.choice.ts';
import { customerHistories, loadPurchaseLines } from './lib/retail-customers.ts';

const fmt = (f?: { 'hr@10': number; 'ndcg@10': number }): string =>
  f ? `${f['hr@10'].toFixed(4)} / ${f['ndcg@10'].toFixed(4)}` : '—';
console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} cores, Node ${process.version}`);
const withTower = process.argv.includes('--two-tower');
const { histories, skus } = customerHistories(loadPurchaseLines(), 1);
const started = performance.now();
const choice = chooseUserModel(histories, skus.length, { twoTower: withTower ? {} : false });
const seconds = (performance.now() - started) / 1000;
console.log(`uk: ${histories.length} customers, ${skus.length} skus; evaluated ${choice.cases.test}`);
console.log(`two-tower: ${withTower ? 'on (--two-tower)' : 'off (the worker fits it up to 300 evaluated shoppers)'}`);
console.log('recommender       validation        test (HR@10 / NDCG@10)');
for (const name of Object.keys({ ...choice.validation, ...choice.test }))
  console.log(`  ${name.padEnd(15)} ${fmt(choice.validation[name])}   ${fmt(choice.test[name])}`);
console.log(`served: ${choice.summary}`);
console.log(`choice + refit: ${seconds.toFixed(1)} s`);
const served = choice.test['served'];
console.log(
  `goal HR@10 >= 0.66 and NDCG@10 >= 0.44: ${served && served['hr@10'] >= 0.66 && served['ndcg@10'] >= 0.44 ? 'met' : 'NOT met'}`,
);
