// What every resolver receives: who is calling (resolved once from the bearer token) and the domain services.

import type {
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
  TrainingService,
  TrackingService,
} from '@shopspace/domain';

export interface Services {
  readonly tenants: TenantService;
  readonly keys: ApiKeyService;
  readonly shops: ShopService;
  readonly items: ItemService;
  readonly events: EventService;
  readonly imports: ImportService;
  readonly training: TrainingService;
  readonly recommendations: RecommendationService;
  readonly experiments: ExperimentService;
  readonly experimentResults: ExperimentResultsService;
  readonly tracking: TrackingService;
  readonly embeddingMap: EmbeddingMapService;
  readonly alignment: AlignmentService;
  readonly crossShop: CrossShopService;
  readonly autocomplete: AutocompleteService;
}

export interface ApiContext {
  readonly principal: Principal;
  readonly services: Services;
  readonly requestId: string;
}
