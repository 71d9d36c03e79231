// A scatter plot of projected item vectors, coloured by top category, with the title on hover (SVG <title>).
import { PALETTE, linearScale } from '../lib/chart.ts';

export interface MapPoint {
  readonly sku: string;
  readonly title: string;
  readonly category: string | null;
  readonly x: number;
  readonly y: number;
}

const W = 760;
const H = 560;
const PAD = 12;

export function ScatterMap({ points }: { readonly points: readonly MapPoint[] }) {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = linearScale([Math.min(...xs), Math.max(...xs)], [PAD, W - PAD]);
  const y = linearScale([Math.min(...ys), Math.max(...ys)], [H - PAD, PAD]);
  const counts = new Map<string, number>();
  for (const p of points)
    counts.set(p.category ?? 'uncategorised', (counts.get(p.category ?? 'uncategorised') ?? 0) + 1);
  // The most common categories get colours; the rest share grey.
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, PALETTE.length)
    .map(([c]) => c);
  const color = (c: string | null) => PALETTE[top.indexOf(c ?? 'uncategorised')] ?? '#adb5bd';
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Items of the active model in two dimensions"
      >
        {points.map((p) => (
          <circle key={p.sku} cx={x(p.x)} cy={y(p.y)} r={3} fill={color(p.category)} opacity={0.75}>
            <title>{`${p.title} (${p.sku})${p.category ? ` — ${p.category}` : ''}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="legend">
        {top.map((c) => (
          <span key={c} style={{ ['--c' as string]: color(c) }}>
            {c} ({counts.get(c)})
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
