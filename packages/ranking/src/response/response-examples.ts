// Labelled examples for the response model from tracked traffic (LinkedIn's GLMix response model): every
// impression of a served list is one example; a click is a positive, weighted up by deeper engagement in the
// same session after the list was served (add-to-cart, purchase, as LinkedIn weights clicks by watch time);
// an impression with no click counts as a negative once its window has passed (14 days by default) or at once
// when an item shown below it in the same list was clicked ("skip-above": the shopper saw it and passed it).
// Impressions still inside their window with no such evidence are pending and left out.

const DAY_MS = 86_400_000;

/** One served list as tracking saw it. */
export interface TrackedList {
  readonly requestId: string;
  /** Epoch ms. */
  readonly servedAt: number;
  /** The shopper (their userId, else the visitor id) or null for an anonymous request. */
  readonly user: string | null;
  /** The session the list was served in (joins the later add-to-cart and purchase events), or null. */
  readonly sessionId: string | null;
  /** Skus in the order shown. */
  readonly skus: readonly string[];
  /** The session's skus at request time (the context the features read), oldest first. */
  readonly context: readonly string[];
  /** Positions (0-based) tracking saw impressed. */
  readonly impressed: readonly number[];
  /** Positions clicked. */
  readonly clicked: readonly number[];
}

/** An add-to-cart or purchase event of a session (the shop's event log). */
export interface EngagementEvent {
  readonly sessionId: string;
  readonly sku: string;
  readonly kind: 'add-to-cart' | 'purchase';
  /** Epoch ms. */
  readonly at: number;
}

export interface ResponseWeights {
  readonly click: number;
  readonly addToCart: number;
  readonly purchase: number;
  readonly negative: number;
}

export const DEFAULT_RESPONSE_WEIGHTS: ResponseWeights = { click: 1, addToCart: 2, purchase: 4, negative: 1 };

export interface LabelOptions {
  /** The time labels are read at (epoch ms): impressions older than the window with no click are negatives. */
  readonly now: number;
  /** Default 14 days. */
  readonly negativeWindowMs?: number;
  /** An unclicked impression above a clicked one of the same list is a negative at once. Default true. */
  readonly skipAbove?: boolean;
  readonly weights?: Partial<ResponseWeights>;
}

/** One labelled impression: list `list` (index into the lists given), at `position`. */
export interface ResponseExample {
  readonly list: number;
  readonly position: number;
  readonly sku: string;
  readonly label: 0 | 1;
  readonly weight: number;
  readonly servedAt: number;
}

export interface LabelledTraffic {
  /** In list order, then position. */
  readonly examples: readonly ResponseExample[];
  readonly counts: {
    readonly lists: number;
    readonly impressions: number;
    readonly clicks: number;
    /** Clicks followed by an add-to-cart or purchase of the same sku in the same session. */
    readonly engaged: number;
    readonly negatives: number;
    /** Negatives by skip-above before their window passed. */
    readonly skipAbove: number;
    /** Unclicked impressions still inside their window: left out. */
    readonly pending: number;
  };
}

export function labelTraffic(
  lists: readonly TrackedList[],
  engagement: readonly EngagementEvent[],
  options: LabelOptions,
): LabelledTraffic {
  const window = options.negativeWindowMs ?? 14 * DAY_MS;
  const skipAbove = options.skipAbove ?? true;
  const weights = { ...DEFAULT_RESPONSE_WEIGHTS, ...options.weights };
  // session → sku → the events' times, by kind.
  const later = new Map<string, Map<string, Array<{ kind: EngagementEvent['kind']; at: number }>>>();
  for (const e of engagement) {
    let bySku = later.get(e.sessionId);
    if (!bySku) {
      bySku = new Map<string, Array<{ kind: EngagementEvent['kind']; at: number }>>();
      later.set(e.sessionId, bySku);
    }
    const list = bySku.get(e.sku) ?? [];
    list.push({ kind: e.kind, at: e.at });
    bySku.set(e.sku, list);
  }
  const examples: ResponseExample[] = [];
  let impressions = 0;
  let clicks = 0;
  let engaged = 0;
  let negatives = 0;
  let skipped = 0;
  let pending = 0;
  lists.forEach((l, index) => {
    const clicked = new Set(l.clicked);
    const shown = new Set([...l.impressed, ...l.clicked]);
    const lowestClick = l.clicked.length > 0 ? Math.max(...l.clicked) : -1;
    for (const position of [...shown].sort((a, b) => a - b)) {
      const sku = l.skus[position];
      if (sku === undefined) continue;
      impressions++;
      if (clicked.has(position)) {
        clicks++;
        let weight = weights.click;
        const events = l.sessionId === null ? undefined : later.get(l.sessionId)?.get(sku);
        for (const e of events ?? []) {
          if (e.at < l.servedAt) continue;
          weight = Math.max(weight, e.kind === 'purchase' ? weights.purchase : weights.addToCart);
        }
        if (weight > weights.click) engaged++;
        examples.push({ list: index, position, sku, label: 1, weight, servedAt: l.servedAt });
        continue;
      }
      const expired = options.now - l.servedAt >= window;
      const passedOver = skipAbove && position < lowestClick;
      if (!expired && !passedOver) {
        pending++;
        continue;
      }
      negatives++;
      if (!expired) skipped++;
      examples.push({ list: index, position, sku, label: 0, weight: weights.negative, servedAt: l.servedAt });
    }
  });
  return {
    examples,
    counts: {
      lists: lists.length,
      impressions,
      clicks,
      engaged,
      negatives,
      skipAbove: skipped,
      pending,
    },
  };
}
