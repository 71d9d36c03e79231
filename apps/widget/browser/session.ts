// The shopper's session as the widget sends it: a random session id, the skus viewed (Shopspace.track('view',
// sku)) and the searches picked, kept in sessionStorage so they survive page loads within the tab, and in memory
// where storage is unavailable (private modes, sandboxed frames).

const STORAGE_KEY = 'shopspace.session';
const MAX_SKUS = 50;
const MAX_QUERIES = 20;

export interface SessionState {
  readonly id: string;
  readonly skus: string[];
  readonly queries: string[];
}

let memory: SessionState | null = null;

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fresh(): SessionState {
  return { id: randomId(), skus: [], queries: [] };
}

function isState(value: unknown): value is SessionState {
  const v = value as SessionState | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    Array.isArray(v.skus) &&
    v.skus.every((s) => typeof s === 'string') &&
    Array.isArray(v.queries) &&
    v.queries.every((q) => typeof q === 'string')
  );
}

export function readSession(): SessionState {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (isState(parsed)) return parsed;
  } catch {
    // storage blocked or corrupt: fall through to memory
  }
  memory ??= fresh();
  return memory;
}

function write(state: SessionState): void {
  memory = state;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // memory only
  }
}

/** Appends a value, moving a repeat to the end (the most recent counts most), keeping the last `max`. */
function pushRecent(list: readonly string[], value: string, max: number): string[] {
  return [...list.filter((v) => v !== value), value].slice(-max);
}

/** Records a product view or a search in the session. */
export function track(kind: 'view' | 'search', value: string): void {
  if (typeof value !== 'string' || value === '') return;
  const state = readSession();
  if (kind === 'view') write({ ...state, skus: pushRecent(state.skus, value, MAX_SKUS) });
  else if (kind === 'search') write({ ...state, queries: pushRecent(state.queries, value, MAX_QUERIES) });
}

/** Forgets the session (a new id, nothing viewed). */
export function resetSession(): void {
  write(fresh());
}
