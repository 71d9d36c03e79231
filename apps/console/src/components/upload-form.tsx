'use client';
// Uploads a catalog or events file through the console's upload route with a byte progress bar, then shows
// the import's counts and refreshes the list.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ProgressBar } from './progress-bar.tsx';

interface ImportAnswer {
  id?: string;
  status?: string;
  accepted?: number;
  rejected?: number;
  duplicates?: number;
  skipped?: number;
  errors?: Array<{ index: number; field: string | null; message: string }>;
  error?: string;
  message?: string;
}

function errorOf(status: number, body: unknown): string | null {
  if (status >= 200 && status < 300) return null;
  const b = body as { error?: string; errors?: Array<{ message?: string }>; message?: string } | null;
  return b?.error ?? b?.errors?.[0]?.message ?? b?.message ?? `The upload failed (HTTP ${status}).`;
}

export function UploadForm({ shopId }: { readonly shopId: string }) {
  const router = useRouter();
  const [sent, setSent] = useState<number | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError('Choose a non-empty file.');
      return;
    }
    const params = new URLSearchParams({ kind: String(form.get('kind')), format: String(form.get('format')) });
    for (const name of ['preset', 'where']) {
      const v = String(form.get(name) ?? '').trim();
      if (v) params.set(name, v);
    }
    params.set('source', file.name);
    setError(null);
    setAnswer(null);
    setSent(0);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/shops/${encodeURIComponent(shopId)}/imports/upload?${params.toString()}`);
    xhr.setRequestHeader('x-shopspace-console', 'upload');
    xhr.setRequestHeader('content-type', params.get('format') === 'ndjson' ? 'application/x-ndjson' : 'text/csv');
    xhr.upload.onprogress = (p) => setSent(p.lengthComputable ? p.loaded / p.total : 0);
    xhr.onerror = () => {
      setSent(null);
      setError('The upload was interrupted.');
    };
    xhr.onload = () => {
      setSent(null);
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      const problem = errorOf(xhr.status, body);
      if (problem) setError(problem);
      else setAnswer(body as ImportAnswer);
      router.refresh();
    };
    xhr.send(file);
  }

  return (
    <div>
      <form className="inline" onSubmit={submit} data-testid="upload">
        <label>
          File (CSV or NDJSON, optionally .gz)
          <input type="file" name="file" required />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue="items">
            <option value="items">Items</option>
            <option value="events">Events</option>
          </select>
        </label>
        <label>
          Format
          <select name="format" defaultValue="csv">
            <option value="csv">CSV</option>
            <option value="ndjson">NDJSON</option>
          </select>
        </label>
        <label>
          Preset
          <select name="preset" defaultValue="plain">
            <option value="plain">plain</option>
            <option value="online-retail">online-retail</option>
          </select>
        </label>
        <label>
          Only rows where
          <input name="where" placeholder="Country=United Kingdom" />
        </label>
        <button type="submit" disabled={sent !== null}>
          {sent !== null ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {sent !== null ? (
        <div style={{ marginTop: 8 }}>
          <ProgressBar value={sent} label="Upload progress" />
          <div className="small muted">{sent < 1 ? `${Math.round(sent * 100)}% sent` : 'Sent; importing…'}</div>
        </div>
      ) : null}
      {error ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {answer ? (
        <div className={`notice ${answer.rejected ? 'warning' : 'ok'}`} role="status" data-testid="upload-result">
          Import {answer.status?.toLowerCase() ?? 'done'}: {answer.accepted ?? 0} accepted, {answer.duplicates ?? 0}{' '}
          duplicates, {answer.rejected ?? 0} rejected, {answer.skipped ?? 0} skipped.{' '}
          {answer.id ? (
            <Link href={`/shops/${shopId}/imports/${answer.id}`}>
              Details{answer.rejected ? ' and row errors' : ''}
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
