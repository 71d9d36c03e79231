// What every resolver receives: who is calling (resolved once from the bearer token) and the domain services.

import type {
  ApiKeyService,
  EventService,
  ImportService,
  ItemService,
  Principal,
  ShopService,
  TenantService,
} from '@shopspace/domain';

export interface Services {
  readonly tenants: TenantService;
  readonly keys: ApiKeyService;
  readonly shops: ShopService;
  readonly items: ItemService;
  readonly events: EventService;
  readonly imports: ImportService;
}

export interface ApiContext {
  readonly principal: Principal;
  readonly services: Services;
  readonly requestId: string;
}
