'use client';
// A navigation link that marks itself as the current page, and shows that it is loading after a click.
import Link, { useLinkStatus } from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

function Pending() {
  const { pending } = useLinkStatus();
  return pending ? <span className="pending" aria-label="loading" /> : null;
}

export function NavLink({
  href,
  exact,
  children,
}: {
  readonly href: string;
  readonly exact?: boolean;
  readonly children: ReactNode;
}) {
  const path = usePathname();
  const current = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
      <Pending />
    </Link>
  );
}
