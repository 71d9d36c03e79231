// `pnpm bench:ingest`: events/s into PostgreSQL for the Online Retail events (541,909 rows; Chen, Sain & Guo,
// 2012, UCI, CC BY 4.0) through (1) the bulk endpoint, streaming the gzipped CSV, and (2) the ingestEvents
// mutation in batches of 10,000, each into an empty shop; plus the API process's peak RSS. The API runs as its
// own process; this process is the client. Goal (issue 2): >= 50,000 events/s through the bulk endpoint.

import { createReadStream } from 'node:fs';
import { maybeGunzip, parseCsvWithHeader } from '@shopspace/formats';
import { createRowMapper } from '@shopspace/domain';
import { uploadFile } from '@shopspace/cli';
import { BENCH_OPERATOR, RETAIL_FILE, gql, machine, startApiProcess } from './lib/api-process.ts';

const ROWS = 541_909;

async function setup(base: string): Promise<{ sk: string; bulkShop: string; mutationShop: string }> {
  const t = await gql<{ createTenant: { secretKey: string } }>(
    base,
    BENCH_OPERATOR,
    'mutation{createTenant(name:"Bench"){secretKey}}',
  );
  const sk = t.createTenant.secretKey;
  const shop = async (handle: string): Promise<string> =>
    (
      await gql<{ createShop: { id: string } }>(
        base,
        sk,
        `mutation{createShop(input:{handle:"${handle}",name:"${handle}",currency:"GBP"}){id}}`,
      )
    ).createShop.id;
  return { sk, bulkShop: await shop('bulk'), mutationShop: await shop('mutation') };
}

async function loadEvents(): Promise<Record<string, unknown>[]> {
  const map = createRowMapper('EVENTS', { preset: 'online-retail' });
  const { header, batches } = await parseCsvWithHeader(maybeGunzip(createReadStream(RETAIL_FILE)));
  const events: Record<string, unknown>[] = [];
  for await (const batch of batches) {
    for (const r of batch) {
      if (r.error !== undefined) continue;
      const row = Object.fromEntries(header.map((h, i) => [h, r.fields[i]]));
      const e = map(row);
      if (e) events.push({ ...e, quantity: Number(e['quantity']) });
    }
  }
  return events;
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const api = await startApiProcess('shopspace_bench_ingest');
  try {
    const { sk, bulkShop, mutationShop } = await setup(api.url);

    let t = performance.now();
    let lastPrint = 0;
    const bulk = await uploadFile({
      apiUrl: api.url,
      key: sk,
      shopId: bulkShop,
      kind: 'events',
      file: RETAIL_FILE,
      params: { format: 'csv', preset: 'online-retail' },
      onBytes: (sent, total) => {
        const now = performance.now();
        if (now - lastPrint > 1000 || sent === total) {
          lastPrint = now;
          process.stderr.write(`  bulk upload ${Math.round((100 * sent) / total)}%\r`);
        }
      },
    });
    const bulkSeconds = (performance.now() - t) / 1000;
    const accepted = Number(bulk.body['accepted']);
    if (accepted !== ROWS)
      throw new Error(`bulk import accepted ${accepted} of ${ROWS} rows: ${JSON.stringify(bulk.body).slice(0, 300)}`);
    const bulkRss = api.peakRssMiB();
    console.log(
      `bulk endpoint:   ${accepted} events in ${bulkSeconds.toFixed(2)} s = ${Math.round(accepted / bulkSeconds).toLocaleString('en')} events/s (peak API RSS ${bulkRss.toFixed(0)} MiB)`,
    );

    const events = await loadEvents();
    const mutation = 'mutation($s:ID!,$e:[EventInput!]!){ingestEvents(shopId:$s,events:$e){accepted duplicates}}';
    t = performance.now();
    let total = 0;
    for (let i = 0; i < events.length; i += 10_000) {
      const r = await gql<{ ingestEvents: { accepted: number } }>(api.url, sk, mutation, {
        s: mutationShop,
        e: events.slice(i, i + 10_000),
      });
      total += r.ingestEvents.accepted;
      process.stderr.write(`  ingestEvents ${Math.round((100 * (i + 10_000)) / events.length)}%\r`);
    }
    const mutationSeconds = (performance.now() - t) / 1000;
    console.log(
      `ingestEvents:    ${total} events in ${mutationSeconds.toFixed(2)} s = ${Math.round(total / mutationSeconds).toLocaleString('en')} events/s (batches of 10,000; peak API RSS ${api.peakRssMiB().toFixed(0)} MiB)`,
    );
    console.log(`goal: bulk >= 50,000 events/s: ${accepted / bulkSeconds >= 50_000 ? 'met' : 'NOT met'}`);
  } finally {
    await api.stop();
  }
}

await main();
