// CTR per variant over time: one line per variant with its 95% interval as a shaded band. Hand-written SVG,
// rendered on the server; each point's <title> gives the day's figures on hover.
import { PALETTE, linearScale, niceMax, niceTicks, seriesByVariant, type DailyPoint } from '../lib/chart.ts';
import { formatDay, formatInteger, formatPercent, type Locale } from '../lib/format.ts';

const W = 760;
const H = 300;
const M = { top: 12, right: 16, bottom: 32, left: 56 };

export function CtrChart({ points, locale }: { readonly points: readonly DailyPoint[]; readonly locale: Locale }) {
  const series = seriesByVariant(points);
  const days = [...new Set(points.map((p) => p.date))].sort();
  if (series.length === 0 || days.length === 0) return null;
  const x = linearScale([0, Math.max(1, days.length - 1)], [M.left, W - M.right]);
  const top = niceMax(Math.max(...points.map((p) => p.ctrHigh)));
  const y = linearScale([0, top], [H - M.bottom, M.top]);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const px = (p: DailyPoint) => x(days.length === 1 ? 0.5 : (dayIndex.get(p.date) ?? 0));
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Click-through rate per variant over time, with 95% intervals"
        data-testid="ctr-chart"
      >
        {niceTicks(0, top, 4).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {formatPercent(t, locale, t < 0.1 ? 1 : 0)}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 || i === days.length - 1 ? (
            <text key={d} x={days.length === 1 ? x(0.5) : x(i)} y={H - 10} textAnchor="middle">
              {formatDay(d, locale)}
            </text>
          ) : null,
        )}
        {series.map((s, i) => {
          const color = PALETTE[i % PALETTE.length] ?? '#333';
          const upper = s.points.map((p) => `${px(p)},${y(p.ctrHigh)}`);
          const lower = [...s.points].reverse().map((p) => `${px(p)},${y(p.ctrLow)}`);
          return (
            <g key={s.variant} data-variant={s.variant}>
              {s.points.length > 1 ? (
                <polygon points={[...upper, ...lower].join(' ')} fill={color} opacity={0.14} />
              ) : null}
              {s.points.length > 1 ? (
                <polyline
                  points={s.points.map((p) => `${px(p)},${y(p.ctr)}`).join(' ')}
                  fill="none"
                  stroke={color}
                  strokeWidth={2}
                />
              ) : null}
              {s.points.map((p) => (
                <g key={p.date}>
                  {s.points.length === 1 ? (
                    <line
                      x1={px(p)}
                      x2={px(p)}
                      y1={y(p.ctrLow)}
                      y2={y(p.ctrHigh)}
                      stroke={color}
                      strokeWidth={6}
                      opacity={0.25}
                    />
                  ) : null}
                  <circle cx={px(p)} cy={y(p.ctr)} r={3.5} fill={color}>
                    <title>
                      {`${s.variant}, ${formatDay(p.date, locale)}: CTR ${formatPercent(p.ctr, locale)} (95% ${formatPercent(p.ctrLow, locale)}–${formatPercent(p.ctrHigh, locale)}), ${formatInteger(p.clicks, locale)} clicks / ${formatInteger(p.impressions, locale)} impressions`}
                    </title>
                  </circle>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s, i) => (
          <span key={s.variant} style={{ ['--c' as string]: PALETTE[i % PALETTE.length] }}>
            {s.variant}
          </span>
        ))}
        <span className="muted" style={{ ['--c' as string]: 'transparent' }}>
          cumulative CTR per day; shaded: 95% interval
        </span>
      </figcaption>
    </figure>
  );
}
