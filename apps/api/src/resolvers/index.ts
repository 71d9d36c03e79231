// The resolver map: each concept's resolvers merged, plus the scalars.

import type { Resolvers } from '../generated/graphql.ts';
import { DateTimeScalar, JSONScalar } from '../graphql/scalars.ts';
import { catalogResolvers } from './catalog.resolver.ts';
import { eventResolvers } from './events.resolver.ts';
import { tenancyResolvers } from './tenancy.resolver.ts';
import { trainingResolvers } from './training.resolver.ts';
import { recommendResolvers } from './recommend.resolver.ts';
import { experimentResolvers } from './experiments.resolver.ts';
import { trackingResolvers } from './tracking.resolver.ts';
import { alignmentResolvers } from './alignment.resolver.ts';
import { autocompleteResolvers } from './autocomplete.resolver.ts';
import { responseResolvers } from './response.resolver.ts';

const parts: Resolvers[] = [
  tenancyResolvers,
  catalogResolvers,
  eventResolvers,
  trainingResolvers,
  recommendResolvers,
  experimentResolvers,
  trackingResolvers,
  alignmentResolvers,
  autocompleteResolvers,
  responseResolvers,
];

function merge(list: Resolvers[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of list) {
    for (const [type, fields] of Object.entries(part)) {
      out[type] = { ...(out[type] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return out;
}

export const resolvers: Resolvers = { ...merge(parts), DateTime: DateTimeScalar, JSON: JSONScalar };
