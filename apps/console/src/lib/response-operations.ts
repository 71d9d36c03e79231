// GraphQL operations of a shop's response model (GLMix on tracked clicks; the training page's response panel).
import type * as G from '../generated/graphql.ts';
import { operation } from './graphql-client.ts';

export const responseModels = operation<G.ResponseModelsQuery, G.ResponseModelsQueryVariables>(/* GraphQL */ `
  query ResponseModels($shopId: ID!) {
    responseModels(shopId: $shopId, first: 10) {
      id
      active
      createdAt
      globalFittedAt
      rejectedReason
      aucFull
      aucGlobal
      aucActive
      examples
      clicks
    }
    responseRefitNextRun(shopId: $shopId)
  }
`);

export const refitResponseModel = operation<G.RefitResponseModelMutation, G.RefitResponseModelMutationVariables>(
  /* GraphQL */ `
    mutation RefitResponseModel($shopId: ID!) {
      refitResponseModel(shopId: $shopId)
    }
  `,
);

export const setResponseSchedule = operation<G.SetResponseScheduleMutation, G.SetResponseScheduleMutationVariables>(
  /* GraphQL */ `
    mutation SetResponseSchedule($shopId: ID!) {
      setResponseSchedule(shopId: $shopId)
    }
  `,
);
