'use client';
// An instant in the viewer's own locale and time zone. The server renders a UTC fallback; the browser
// replaces it after mounting, so nothing mismatches during hydration.
import { useEffect, useState } from 'react';
import { formatDateTime } from '../lib/format.ts';

export function LocalTime({
  iso,
  fallback = '—',
}: {
  readonly iso: string | null | undefined;
  readonly fallback?: string;
}) {
  const [text, setText] = useState(() => (iso ? formatDateTime(iso, 'en-GB', 'UTC') + ' UTC' : fallback));
  useEffect(() => {
    if (iso) setText(formatDateTime(iso, undefined));
  }, [iso]);
  if (!iso) return <span className="muted">{fallback}</span>;
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
