// Error, empty and "not available yet" messages: what people see instead of stack traces.
import type { ReactNode } from 'react';
import type { ApiError } from '../lib/graphql-client.ts';

const HINT: Partial<Record<ApiError['code'], string>> = {
  FORBIDDEN: 'This session is not allowed to do that.',
  UNAVAILABLE: 'The Shopspace API is not answering. Check that it is running.',
  RATE_LIMITED: 'Too many requests: wait a moment and try again.',
  INTERNAL_SERVER_ERROR: 'The API failed unexpectedly; the error is in its log.',
};

export function ErrorMessage({ error, title }: { readonly error: ApiError; readonly title?: string }) {
  if (error.code === 'NOT_SUPPORTED') return <NotAvailable>{title}</NotAvailable>;
  return (
    <div className="notice error" role="alert">
      <strong>{title ?? 'Something went wrong'}:</strong> {error.message}
      {HINT[error.code] ? <div className="small">{HINT[error.code]}</div> : null}
    </div>
  );
}

export function NotAvailable({ children }: { readonly children?: ReactNode }) {
  return (
    <div className="notice info" role="status">
      <strong>{children ?? 'This'} is not available yet:</strong> the API does not serve the fields this page needs. It
      will appear here once the API supports it.
    </div>
  );
}

export function Empty({ children }: { readonly children: ReactNode }) {
  return <div className="empty panel">{children}</div>;
}

export function LoadingRows({ rows = 5 }: { readonly rows?: number }) {
  return (
    <div className="panel" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ width: `${90 - i * 7}%` }} />
      ))}
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  SUCCEEDED: 'good',
  RUNNING: 'info',
  QUEUED: 'warn',
  FAILED: 'bad',
  CANCELLED: '',
  DRAFT: '',
  STOPPED: '',
};

export function StatusBadge({ status }: { readonly status: string }) {
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{status.toLowerCase()}</span>;
}
