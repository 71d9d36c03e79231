// Seeded traffic simulations: the always-valid test finds a real lift, and under continuous peeking at an A/A
// test it keeps its false-positive rate near alpha while the fixed-horizon z-test does not.
import { describe, expect, it } from 'vitest';
import { SequentialMonitor, twoProportionZTest } from './index.ts';
import type { BinomialCounts } from './index.ts';
import { createSeededRandom } from './testing/seeded-random.ts';

const ALPHA = 0.05;

interface RunOutcome {
  alwaysValidRejected: boolean;
  /** The z-test read at every look, as a dashboard refreshed after each batch would. */
  peekingZRejected: boolean;
  finalAlwaysValidP: number;
  finalZP: number;
}

function simulateRun(seed: number, pControl: number, pTreatment: number, batch: number, perArm: number): RunOutcome {
  const random = createSeededRandom(seed);
  const monitor = new SequentialMonitor();
  let control: BinomialCounts = { impressions: 0, clicks: 0 };
  let treatment: BinomialCounts = { impressions: 0, clicks: 0 };
  let peekingZRejected = false;
  let finalZP = 1;
  for (let n = batch; n <= perArm; n += batch) {
    control = { impressions: n, clicks: control.clicks + random.binomial(batch, pControl) };
    treatment = { impressions: n, clicks: treatment.clicks + random.binomial(batch, pTreatment) };
    monitor.observe({ control, treatment });
    finalZP = twoProportionZTest(control, treatment).pValue;
    if (finalZP < ALPHA) peekingZRejected = true;
  }
  return { alwaysValidRejected: monitor.rejects(ALPHA), peekingZRejected, finalAlwaysValidP: monitor.pValue, finalZP };
}

describe('simulation', () => {
  it('A/B: finds B at 6% CTR against A at 5% within 40k impressions per arm', () => {
    const outcome = simulateRun(20_240_601, 0.05, 0.06, 1000, 40_000);
    console.log(
      `A/B 0.05 vs 0.06, 40k/arm in batches of 1000: always-valid p = ${outcome.finalAlwaysValidP.toExponential(3)}, ` +
        `fixed-horizon z-test p at the end = ${outcome.finalZP.toExponential(3)}`,
    );
    expect(outcome.alwaysValidRejected).toBe(true);
    expect(outcome.finalAlwaysValidP).toBeLessThan(ALPHA);
  });

  it('A/B: finds the lift under most seeds, not just a lucky one', () => {
    const runs = 50;
    let found = 0;
    for (let seed = 1; seed <= runs; seed++)
      if (simulateRun(seed, 0.05, 0.06, 1000, 40_000).alwaysValidRejected) found++;
    console.log(`A/B power over ${runs} seeds: ${found}/${runs}`);
    expect(found / runs).toBeGreaterThanOrEqual(0.9);
  });

  it('A/A with peeking after every batch: always-valid stays near alpha, the peeking z-test does not', () => {
    const runs = 2000;
    let alwaysValid = 0;
    let peekingZ = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const outcome = simulateRun(seed * 7919, 0.05, 0.05, 500, 20_000);
      if (outcome.alwaysValidRejected) alwaysValid++;
      if (outcome.peekingZRejected) peekingZ++;
    }
    const alwaysValidRate = alwaysValid / runs;
    const peekingZRate = peekingZ / runs;
    console.log(
      `A/A CTR 0.05, ${runs} seeds, 40 looks (every 500 impressions/arm up to 20k/arm), alpha 0.05: ` +
        `always-valid mSPRT rejected ${alwaysValid}/${runs} = ${(100 * alwaysValidRate).toFixed(1)}%, ` +
        `fixed-horizon z-test at every look rejected ${peekingZ}/${runs} = ${(100 * peekingZRate).toFixed(1)}%`,
    );
    expect(alwaysValidRate).toBeLessThanOrEqual(0.06);
    expect(peekingZRate).toBeGreaterThan(0.1);
    expect(peekingZRate).toBeGreaterThanOrEqual(2 * alwaysValidRate);
  });

  it('A/A at a low CTR with frequent looks: the plug-in variance stays honest on sparse early counts', () => {
    const runs = 500;
    let alwaysValid = 0;
    let peekingZ = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const outcome = simulateRun(seed * 104_729, 0.01, 0.01, 100, 20_000);
      if (outcome.alwaysValidRejected) alwaysValid++;
      if (outcome.peekingZRejected) peekingZ++;
    }
    console.log(
      `A/A CTR 0.01, ${runs} seeds, 200 looks (every 100 impressions/arm up to 20k/arm), alpha 0.05: ` +
        `always-valid ${(100 * (alwaysValid / runs)).toFixed(1)}%, fixed-horizon z-test at every look ` +
        `${(100 * (peekingZ / runs)).toFixed(1)}%`,
    );
    expect(alwaysValid / runs).toBeLessThanOrEqual(0.06);
    expect(peekingZ / runs).toBeGreaterThan(0.1);
  });
});
