// Shown for a missing page, and for another tenant's objects (the API answers NOT_FOUND for both).
import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="panel" style={{ maxWidth: 560 }}>
      <h1>Not found</h1>
      <p className="muted">
        This page does not exist, or what it shows belongs to another tenant and is not visible to this session.
      </p>
      <Link href="/">Back to the start</Link>
    </div>
  );
}
