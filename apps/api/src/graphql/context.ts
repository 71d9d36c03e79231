// What every resolver receives: who is calling (resolved once from the bearer token) and the domain services.

import type {
  ResponseService,
  AlignmentService,
  CrossShopService,
  ApiKeyService,
  AutocompleteService,
  EmbeddingMapService,
  EventService,
  ExperimentResultsService,
  ExperimentService,
  ImportService,
  ItemService,
  RecommendationService,
  Principal,
  ShopService,
  TenantService,
  TrainingScheduleService,
  TrainingService,
  TrackingService,
} from '@shopspace/domain';
import type { Observed } from './observe.plugin.ts';

export interface Services {
  readonly tenants: TenantService;
  readonly keys: ApiKeyService;
  readonly shops: ShopService;
  readonly items: ItemService;
  readonly events: EventService;
  readonly imports: ImportService;
  readonly training: TrainingService;
  readonly trainingSchedules: TrainingScheduleService;
  readonly recommendations: RecommendationService;
  readonly experiments: ExperimentService;
  readonly experimentResults: ExperimentResultsService;
  readonly tracking: TrackingService;
  readonly embeddingMap: EmbeddingMapService;
  readonly alignment: AlignmentService;
  readonly crossShop: CrossShopService;
  readonly autocomplete: AutocompleteService;
  readonly response: ResponseService;
}

export interface ApiContext {
  readonly principal: Principal;
  readonly services: Services;
  readonly requestId: string;
  /** Filled in while the request runs, for the access log and the metrics. */
  readonly observed: Observed;
}
