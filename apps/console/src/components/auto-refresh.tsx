'use client';
// Re-renders the page's server components every interval while something is still moving (a training run,
// an import); stops as soon as the server renders it with active=false.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function AutoRefresh({ active, intervalMs = 1000 }: { readonly active: boolean; readonly intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <span className="small muted" aria-live="polite">
      Updating live…
    </span>
  ) : null;
}
