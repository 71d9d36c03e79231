// Storefront tracking: impressions and clicks of a served list, quoted by its requestId. Checked against what
// the request showed, idempotent per (request, kind, sku), and written ahead to a durable log before the call
// is acknowledged; the worker flushes that log into the database in batches (TrackingFlusher).

import { DomainError, ErrorCode, badInput, notFound } from '../shared/errors.ts';
import { normalizeSku } from '../shared/bounds.ts';
import { storefrontScope, type Principal } from '../tenancy/principal.ts';
import { UNTRACKED_PREFIX, parseRequestId } from './request-id.ts';
import type { RequestLog, TrackKind } from './tracking.ports.ts';

/** More skus than a list can hold (MAX_RECOMMENDATIONS) is a client bug, not traffic. */
export const MAX_TRACKED_SKUS = 100;
const MAX_SKU_LENGTH = 200;

export class TrackingService {
  constructor(
    private readonly log: RequestLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records that the skus of a served list were seen; true once recorded (repeats count once). */
  async trackImpressions(principal: Principal, requestId: string, skus: readonly string[]): Promise<boolean> {
    if (skus.length === 0) throw badInput('skus', 'give at least one sku');
    if (skus.length > MAX_TRACKED_SKUS) throw badInput('skus', `at most ${MAX_TRACKED_SKUS} skus a call`);
    skus.forEach((sku, i) => checkSku(sku, `skus[${i}]`));
    const clean = skus.map(normalizeSku);
    await this.track(principal, requestId, 'IMPRESSION', [...new Set(clean)], 'skus', clean);
    return true;
  }

  /** Records a click on one sku of a served list; a sku the list did not show is refused. */
  async trackClick(principal: Principal, requestId: string, sku: string): Promise<boolean> {
    checkSku(sku, 'sku');
    await this.track(principal, requestId, 'CLICK', [normalizeSku(sku)], 'sku');
    return true;
  }

  private async track(
    principal: Principal,
    requestId: string,
    kind: TrackKind,
    skus: string[],
    field: string,
    /** The skus as the caller sent them, so an error points at the caller's index, not the de-duplicated one. */
    sent: readonly string[] = skus,
  ): Promise<void> {
    const scope = storefrontScope(principal);
    if (requestId.startsWith(UNTRACKED_PREFIX))
      throw badInput(
        'requestId',
        'this list was served while the request log was unavailable, so it cannot be tracked; nothing recorded',
      );
    const id = parseRequestId(requestId);
    if (!id) throw notFound('request', requestId);
    const outcome = await this.log.track(scope.tenantId, id.shopId, id.token, kind, skus, this.now());
    switch (outcome.status) {
      case 'ok':
        return;
      case 'unknown-request':
        throw notFound('request', requestId);
      case 'not-shown': {
        const at = field === 'skus' ? `skus[${sent.indexOf(outcome.sku)}]` : field;
        throw badInput(at, `${JSON.stringify(outcome.sku)} was not shown by request ${requestId}; nothing recorded`);
      }
      case 'backlog-full':
        throw new DomainError(ErrorCode.RateLimited, 'tracking is behind; nothing recorded, retry in a few seconds');
      case 'unavailable':
        throw new DomainError(
          ErrorCode.RateLimited,
          'tracking is unavailable right now (its log did not answer); not acknowledged, retry in a few seconds (a retry never counts twice)',
        );
    }
  }
}

function checkSku(sku: string, field: string): void {
  if (sku.length === 0 || sku.length > MAX_SKU_LENGTH)
    throw badInput(field, `must be 1 to ${MAX_SKU_LENGTH} characters`);
}
