// `pnpm bench:quality`: next-item quality of the product on the shared protocol, measured through the product
// itself: the uk shop imported through the bulk endpoint, trained by the worker with testFrom 2011-11-01,
// leave-last-out HR@10/NDCG@10/MRR over the full catalog on the later invoices, next to popularity and
// item-kNN computed by the same run. When Debian's python3-scipy is present it also runs the shared anchor
// (../shared/tools/anchors/knn_retail.py) so the protocol can be checked: item-kNN must agree.
// Goal (issue 3): the shipped default reaches HR@10 >= 0.15 and NDCG@10 >= 0.095.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ANCHORS_DIR } from '@shopspace/datasets';
import { machine } from './lib/api-process.ts';
import type { RankingFigures } from '@shopspace/domain';
import { benchShop } from './lib/trained-shop.ts';

const TEST_FROM = '2011-11-01T00:00:00Z';
const fmt = (m: RankingFigures): string =>
  `HR@10 ${m['hr@10'].toFixed(4)}  NDCG@10 ${m['ndcg@10'].toFixed(4)}  MRR ${m.mrr.toFixed(4)}`;

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const shop = await benchShop('shopspace_bench_quality');
  try {
    const configs: Array<[string, Record<string, unknown>]> = [
      ['shipped default (config: {testFrom})', { testFrom: TEST_FROM }],
      ['plain mean (recencyDecay 1), as gensim is scored', { testFrom: TEST_FROM, recencyDecay: 1 }],
    ];
    let first = true;
    for (const [label, config] of configs) {
      const { metrics, seconds } = await shop.train(config);
      if (first) {
        const s = metrics['split'];
        console.log(
          `split: ${s.trainSessions} training sessions before ${s.testFrom}, ${s.testSessions} test sessions, ${metrics['cases']} cases, ${metrics['skipped']} skipped`,
        );
        console.log(`popularity        ${fmt(metrics['baselines']['popularity'])}`);
        console.log(`item-kNN          ${fmt(metrics['baselines']['itemKnn'])}`);
        first = false;
      }
      console.log(`${label}: ${fmt(metrics['served'])}  (${seconds.toFixed(1)} s incl. refit)`);
      if (label.startsWith('shipped')) {
        const ok = metrics['served']['hr@10'] >= 0.15 && metrics['served']['ndcg@10'] >= 0.095;
        console.log(`goal: shipped default HR@10 >= 0.15 and NDCG@10 >= 0.095: ${ok ? 'met' : 'NOT met'}`);
      }
    }
    const anchor = resolve(ANCHORS_DIR, 'knn_retail.py');
    const py = spawnSync('/usr/bin/python3', [anchor], { encoding: 'utf8' });
    console.log(
      py.status === 0
        ? `anchor (knn_retail.py): ${py.stdout.trim()}`
        : 'anchor: not run (needs /usr/bin/python3 with python3-scipy)',
    );
  } finally {
    await shop.close();
  }
}

await main();
