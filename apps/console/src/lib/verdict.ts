// The plain-words verdict on an experiment's results: who wins, who loses, or why it is too early to say.
// Pure, so it is unit-tested and the page only renders what it returns.
//
// It trusts the API's always-valid (mSPRT) p-values, which stay valid however often someone looks, so the
// verdict may be read at any time while the experiment runs. With several variants against the control the
// significance level is split between the comparisons (Bonferroni) so that "a winner" keeps its meaning.
import { formatLift, formatPValue, formatPercent, formatInteger, type Locale } from './format.ts';

export interface VariantStats {
  readonly key: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number;
  readonly ctrLow: number;
  readonly ctrHigh: number;
  readonly liftVsControl: number | null;
  readonly pValue: number | null;
}

export interface VerdictInput {
  readonly status: string;
  readonly results: readonly VariantStats[];
  /** The control's key when known; otherwise the variant without a lift, else "control", else the first. */
  readonly controlKey?: string;
  /** Significance level for the whole experiment (default 0.05). */
  readonly alpha?: number;
  /** Impressions each variant needs before any verdict (default 100). */
  readonly minImpressions?: number;
}

export type VerdictKind =
  'not-started' | 'no-data' | 'too-early' | 'winner' | 'loser' | 'inconclusive' | 'no-difference';

export interface Verdict {
  readonly kind: VerdictKind;
  readonly tone: 'neutral' | 'good' | 'bad' | 'warning';
  readonly headline: string;
  readonly details: readonly string[];
  /** The variant to roll out, when there is one. */
  readonly winner: string | null;
}

export function findControl(results: readonly VariantStats[], controlKey?: string): VariantStats | undefined {
  if (controlKey !== undefined) return results.find((r) => r.key === controlKey);
  const withoutLift = results.filter((r) => r.liftVsControl === null);
  return (
    (withoutLift.length === 1 ? withoutLift[0] : undefined) ??
    results.find((r) => r.key === 'control') ??
    withoutLift[0] ??
    results[0]
  );
}

export function experimentVerdict(input: VerdictInput, locale: Locale): Verdict {
  const alpha = input.alpha ?? 0.05;
  const minImpressions = input.minImpressions ?? 100;
  const running = input.status === 'RUNNING';
  const pct = (v: number) => formatPercent(v, locale);
  // "p = 0.042", or "p < 0.001" when tiny.
  const p = (v: number | null) => {
    const text = formatPValue(v, locale);
    return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
  };

  if (input.status === 'DRAFT')
    return verdict(
      'not-started',
      'neutral',
      'Not started yet: start the experiment to split traffic between the variants.',
    );

  const total = input.results.reduce((n, r) => n + r.impressions, 0);
  if (input.results.length === 0 || total === 0)
    return verdict(
      'no-data',
      'neutral',
      running
        ? 'No impressions recorded yet. Results appear once the storefront reports impressions and clicks.'
        : 'The experiment ended without any recorded impressions, so there is nothing to compare.',
    );

  const control = findControl(input.results, input.controlKey);
  if (!control) return verdict('no-data', 'warning', `No control variant "${input.controlKey ?? ''}" in the results.`);
  const challengers = input.results.filter((r) => r !== control);
  if (challengers.length === 0)
    return verdict(
      'no-data',
      'neutral',
      `Only the control (${control.key}) has results; there is nothing to compare it with.`,
    );

  const thin = input.results.filter((r) => r.impressions < minImpressions);
  if (thin.length > 0) {
    const list = thin.map((r) => `${r.key} (${formatInteger(r.impressions, locale)})`).join(', ');
    return verdict(
      'too-early',
      'neutral',
      `Too early to tell: each variant needs at least ${formatInteger(minImpressions, locale)} impressions; ${list} ${thin.length === 1 ? 'has' : 'have'} fewer.`,
    );
  }

  const level = alpha / challengers.length;
  const lift = (r: VariantStats) => r.liftVsControl ?? (control.ctr > 0 ? r.ctr / control.ctr - 1 : null);
  const compared = challengers.map((r) => ({
    r,
    lift: lift(r),
    significant: r.pValue !== null && r.pValue < level,
  }));
  const describe = (c: (typeof compared)[number]) =>
    `${c.r.key}: CTR ${pct(c.r.ctr)} vs ${pct(control.ctr)} for ${control.key} (${formatLift(c.lift, locale)}), ` +
    `always-valid ${p(c.r.pValue)}${c.significant ? ', significant' : ''}.`;
  const details = compared.map(describe);
  if (challengers.length > 1)
    details.push(
      `With ${challengers.length} variants against the control, each needs p < ${formatPValue(level, locale)} to count (${formatPValue(alpha, locale)} shared between them).`,
    );

  const better = compared
    .filter((c) => c.significant && (c.lift ?? 0) > 0)
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0));
  const best = better[0];
  if (best)
    return verdict(
      'winner',
      'good',
      `${best.r.key} beats ${control.key}: ${formatLift(best.lift, locale)} click-through rate (${pct(best.r.ctr)} vs ${pct(control.ctr)}).` +
        (running
          ? ` The evidence is strong enough to stop the experiment and roll out ${best.r.key}.`
          : ` Roll out ${best.r.key}.`),
      details,
      best.r.key,
    );

  const worse = compared.filter((c) => c.significant && (c.lift ?? 0) < 0);
  if (worse.length > 0 && worse.length === compared.length)
    return verdict(
      'loser',
      'bad',
      `${control.key} does better: ${worse.map((c) => `${c.r.key} ${formatLift(c.lift, locale)}`).join(', ')} click-through rate.` +
        (running ? ' Consider stopping the experiment and keeping the control.' : ' Keep the control.'),
      details,
      control.key,
    );

  const leader = [...compared].sort((a, b) => (b.lift ?? -Infinity) - (a.lift ?? -Infinity))[0];
  const so = leader ? ` Best so far: ${leader.r.key} (${formatLift(leader.lift, locale)}, ${p(leader.r.pValue)}).` : '';
  if (running)
    return verdict(
      'inconclusive',
      'warning',
      `No clear difference yet: keep the experiment running.${worse.length > 0 ? ` ${worse.map((c) => c.r.key).join(', ')} ${worse.length === 1 ? 'does' : 'do'} worse than ${control.key}.` : ''}${so}`,
      details,
    );
  return verdict(
    'no-difference',
    'neutral',
    `No detectable difference between the variants at the ${formatPercent(alpha, locale, 0)} level: the data cannot tell them apart.${so}`,
    details,
  );
}

function verdict(
  kind: VerdictKind,
  tone: Verdict['tone'],
  headline: string,
  details: readonly string[] = [],
  winner: string | null = null,
): Verdict {
  return { kind, tone, headline, details, winner };
}
