// A determinate progress bar (0..1) with its percentage for screen readers.
export function ProgressBar({ value, label }: { readonly value: number; readonly label?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-label={label ?? 'Progress'}
    >
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}
