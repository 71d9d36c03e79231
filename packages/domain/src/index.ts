// Shopspace domain: services, ports and validation. No I/O of its own: adapters implement the ports.

export * from './shared/errors.ts';
export * from './shared/ids.ts';
export * from './shared/row-error.ts';
export { parseTimestamp } from './shared/fields.ts';
export * from './shared/change-feed.ts';
export * from './tenancy/principal.ts';
export * from './tenancy/tenancy.ports.ts';
export * from './tenancy/api-key.service.ts';
export * from './tenancy/tenant.service.ts';
export * from './catalog/catalog.ports.ts';
export * from './catalog/item.validation.ts';
export * from './catalog/shop.service.ts';
export * from './catalog/item.service.ts';
export * from './events/event.validation.ts';
export * from './events/events.ports.ts';
export * from './events/event.service.ts';
export * from './imports/imports.ports.ts';
export * from './imports/row-mapping.ts';
export * from './imports/online-retail-category.ts';
export * from './imports/import.service.ts';
export * from './training/train-config.ts';
export * from './training/training.ports.ts';
// Aliased while training.ports.ts still exports the older ArtifactStore its callers use.
export {
  type ArtifactStore as ArtifactStorePort,
  type ArtifactLocation,
  ArtifactNotFoundError,
  ArtifactExistsError,
} from './artifacts/artifact-store.port.ts';
export * from './training/training.service.ts';
export * from './training/training.job.ts';
export * from './recommend/recommend.ports.ts';
export * from './recommend/recommendation.service.ts';
export * from './experiments/experiment.ports.ts';
export * from './experiments/experiment.service.ts';
export * from './tracking/tracking.ports.ts';
export * from './tracking/request-id.ts';
export * from './tracking/tracking.service.ts';
export * from './tracking/tracking.flusher.ts';
export * from './experiments/experiment-results.ts';
export * from './baselines/baselines.ports.ts';
export * from './baselines/baseline.job.ts';
export * from './recommend/embedding-map.service.ts';
export * from './alignment/alignment.ports.ts';
export * from './alignment/alignment.service.ts';
export * from './alignment/alignment.job.ts';
export * from './alignment/cross-shop.service.ts';
export * from './autocomplete/autocomplete.ports.ts';
export * from './autocomplete/autocomplete.service.ts';
export * from './autocomplete/autocomplete.job.ts';
export * from './autocomplete/autocomplete.scheduling.ts';
