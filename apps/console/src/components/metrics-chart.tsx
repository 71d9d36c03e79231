// The model's held-out ranking figures against the baselines: one group of horizontal bars per measure.
import { PALETTE, linearScale, niceMax } from '../lib/chart.ts';
import { MEASURES, type ScorerRow } from '../lib/metrics.ts';
import { formatDecimal, type Locale } from '../lib/format.ts';

const W = 480;
const LABEL = 140;
const BAR = 14;
const GAP = 4;

export function MetricsChart({ rows, locale }: { readonly rows: readonly ScorerRow[]; readonly locale: Locale }) {
  const max = niceMax(Math.max(...rows.flatMap((r) => MEASURES.map((m) => r.figures[m] ?? 0))));
  const x = linearScale([0, max], [LABEL, W - 44]);
  const group = rows.length * (BAR + GAP) + 22;
  const H = MEASURES.length * group + 4;
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Held-out HR@10, NDCG@10 and MRR of the model and the baselines"
      >
        {MEASURES.map((m, gi) => (
          <g key={m} transform={`translate(0, ${gi * group})`}>
            <text x={0} y={13} style={{ fontWeight: 600, fill: '#1b1f24' }}>
              {m.toUpperCase()}
            </text>
            {rows.map((r, i) => {
              const v = r.figures[m];
              const yy = 20 + i * (BAR + GAP);
              return (
                <g key={r.scorer}>
                  <text x={LABEL - 6} y={yy + BAR - 3} textAnchor="end">
                    {r.label}
                  </text>
                  <rect
                    x={LABEL}
                    y={yy}
                    width={Math.max(0, x(v ?? 0) - LABEL)}
                    height={BAR}
                    rx={2}
                    fill={PALETTE[i % PALETTE.length]}
                  />
                  <text x={x(v ?? 0) + 4} y={yy + BAR - 3}>
                    {formatDecimal(v, locale, 3)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}
