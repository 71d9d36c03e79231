'use client';
// Unexpected failures while rendering: a message and a retry, never a stack trace.
export default function ErrorPage({
  error,
  reset,
}: {
  readonly error: Error & { digest?: string };
  readonly reset: () => void;
}) {
  return (
    <div className="panel" style={{ maxWidth: 640 }} role="alert">
      <h1>Something went wrong</h1>
      <p className="muted">
        The page could not be shown.{' '}
        {error.digest ? (
          <>
            Reference: <code>{error.digest}</code>.
          </>
        ) : null}
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
