// Every GraphQL operation the console sends. Result and variable types come from GraphQL Code Generator
// (`pnpm --filter @shopspace/console codegen`), checked against the API's SDL.
import type * as G from '../generated/graphql.ts';
import { operation } from './graphql-client.ts';

// ---- session and tenants

export const whoAmI = operation<G.WhoAmIQuery, G.WhoAmIQueryVariables>(/* GraphQL */ `
  query WhoAmI {
    tenants {
      id
      name
    }
  }
`);

export const probeSecretKey = operation<G.ProbeSecretKeyQuery, G.ProbeSecretKeyQueryVariables>(/* GraphQL */ `
  query ProbeSecretKey {
    apiKeys {
      id
    }
  }
`);

export const tenantsPage = operation<G.TenantsPageQuery, G.TenantsPageQueryVariables>(/* GraphQL */ `
  query TenantsPage {
    tenants {
      id
      name
      createdAt
      shops {
        id
        handle
        name
        itemCount
        eventCount
      }
    }
  }
`);

export const createTenant = operation<G.CreateTenantMutation, G.CreateTenantMutationVariables>(/* GraphQL */ `
  mutation CreateTenant($name: String!) {
    createTenant(name: $name) {
      tenant {
        id
        name
      }
      secretKey
      publishableKey
    }
  }
`);

// ---- shops

export const shopsPage = operation<G.ShopsPageQuery, G.ShopsPageQueryVariables>(/* GraphQL */ `
  query ShopsPage {
    shops {
      id
      handle
      name
      currency
      itemCount
      eventCount
      createdAt
      activeModel {
        id
        algorithm
        createdAt
      }
      importJobs(first: 1) {
        id
        kind
        status
        startedAt
        finishedAt
      }
    }
  }
`);

export const shopHeader = operation<G.ShopHeaderQuery, G.ShopHeaderQueryVariables>(/* GraphQL */ `
  query ShopHeader($id: ID!) {
    shop(id: $id) {
      id
      handle
      name
      currency
      itemCount
      eventCount
      activeModel {
        id
        algorithm
        dimensions
        itemCount
        createdAt
      }
    }
  }
`);

export const shopList = operation<G.ShopListQuery, G.ShopListQueryVariables>(/* GraphQL */ `
  query ShopList {
    shops {
      id
      handle
      name
    }
  }
`);

export const createShop = operation<G.CreateShopMutation, G.CreateShopMutationVariables>(/* GraphQL */ `
  mutation CreateShop($input: CreateShopInput!) {
    createShop(input: $input) {
      id
      handle
    }
  }
`);

// ---- API keys

export const apiKeysPage = operation<G.ApiKeysPageQuery, G.ApiKeysPageQueryVariables>(/* GraphQL */ `
  query ApiKeysPage {
    apiKeys {
      id
      kind
      label
      prefix
      createdAt
      revokedAt
      lastUsedAt
    }
  }
`);

export const createApiKey = operation<G.CreateApiKeyMutation, G.CreateApiKeyMutationVariables>(/* GraphQL */ `
  mutation CreateApiKey($kind: ApiKeyKind!, $label: String) {
    createApiKey(kind: $kind, label: $label) {
      apiKey {
        id
        prefix
      }
      secret
    }
  }
`);

export const revokeApiKey = operation<G.RevokeApiKeyMutation, G.RevokeApiKeyMutationVariables>(/* GraphQL */ `
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

// ---- catalog

export const catalogPage = operation<G.CatalogPageQuery, G.CatalogPageQueryVariables>(/* GraphQL */ `
  query CatalogPage($shopId: ID!, $first: Int!, $after: String, $query: String) {
    shop(id: $shopId) {
      id
      currency
      items(first: $first, after: $after, query: $query) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            sku
            title
            category
            brand
            price
            active
          }
        }
      }
    }
  }
`);

// ---- imports

export const importsPage = operation<G.ImportsPageQuery, G.ImportsPageQueryVariables>(/* GraphQL */ `
  query ImportsPage($shopId: ID!) {
    shop(id: $shopId) {
      id
      importJobs(first: 50) {
        id
        kind
        format
        source
        status
        rowsRead
        accepted
        duplicates
        rejected
        skipped
        message
        startedAt
        finishedAt
      }
    }
  }
`);

export const importJobPage = operation<G.ImportJobPageQuery, G.ImportJobPageQueryVariables>(/* GraphQL */ `
  query ImportJobPage($id: ID!) {
    importJob(id: $id) {
      id
      kind
      format
      source
      status
      rowsRead
      accepted
      duplicates
      rejected
      skipped
      message
      startedAt
      finishedAt
      shop {
        id
      }
      errors {
        index
        field
        message
      }
    }
  }
`);

// ---- training and models

export const trainingPage = operation<G.TrainingPageQuery, G.TrainingPageQueryVariables>(/* GraphQL */ `
  query TrainingPage($shopId: ID!) {
    shop(id: $shopId) {
      id
      activeModel {
        id
      }
    }
    trainingRuns(shopId: $shopId, first: 50) {
      id
      status
      progress
      config
      error
      attempts
      createdAt
      startedAt
      finishedAt
      modelVersion {
        id
        algorithm
        dimensions
        itemCount
        metrics
        createdAt
        active
      }
    }
  }
`);

export const trainingRunPage = operation<G.TrainingRunPageQuery, G.TrainingRunPageQueryVariables>(/* GraphQL */ `
  query TrainingRunPage($id: ID!) {
    trainingRun(id: $id) {
      id
      status
      progress
      config
      metrics
      error
      attempts
      createdAt
      startedAt
      finishedAt
      shop {
        id
      }
      modelVersion {
        id
        algorithm
        dimensions
        itemCount
        createdAt
        active
      }
    }
  }
`);

export const startTraining = operation<G.StartTrainingMutation, G.StartTrainingMutationVariables>(/* GraphQL */ `
  mutation StartTraining($shopId: ID!, $config: TrainConfigInput) {
    startTraining(shopId: $shopId, config: $config) {
      id
      status
    }
  }
`);

export const cancelTraining = operation<G.CancelTrainingMutation, G.CancelTrainingMutationVariables>(/* GraphQL */ `
  mutation CancelTraining($id: ID!) {
    cancelTraining(id: $id) {
      id
      status
    }
  }
`);

export const activateModel = operation<G.ActivateModelMutation, G.ActivateModelMutationVariables>(/* GraphQL */ `
  mutation ActivateModel($id: ID!) {
    activateModel(modelVersionId: $id) {
      id
      active
    }
  }
`);

// ---- experiments

export const experimentsPage = operation<G.ExperimentsPageQuery, G.ExperimentsPageQueryVariables>(/* GraphQL */ `
  query ExperimentsPage($shopId: ID!) {
    experiments(shopId: $shopId) {
      id
      name
      placement
      status
      startedAt
      stoppedAt
      variants {
        key
        weight
        strategy
      }
    }
  }
`);

export const experimentPage = operation<G.ExperimentPageQuery, G.ExperimentPageQueryVariables>(/* GraphQL */ `
  query ExperimentPage($id: ID!) {
    experiment(id: $id) {
      id
      name
      placement
      status
      startedAt
      stoppedAt
      shop {
        id
      }
      variants {
        key
        weight
        strategy
      }
      results {
        key
        impressions
        clicks
        ctr
        ctrLow
        ctrHigh
        liftVsControl
        pValue
      }
    }
  }
`);

/** Separate from experimentPage: these fields are newer, and the page must work while the API lacks them. */
export const experimentTimeline = operation<G.ExperimentTimelineQuery, G.ExperimentTimelineQueryVariables>(
  /* GraphQL */ `
    query ExperimentTimeline($id: ID!) {
      experiment(id: $id) {
        id
        results {
          key
          fixedHorizonPValue
        }
        daily {
          variant
          date
          impressions
          clicks
          ctr
          ctrLow
          ctrHigh
          pValue
        }
      }
    }
  `,
);

export const createExperiment = operation<G.CreateExperimentMutation, G.CreateExperimentMutationVariables>(
  /* GraphQL */ `
    mutation CreateExperiment($input: CreateExperimentInput!) {
      createExperiment(input: $input) {
        id
      }
    }
  `,
);

export const startExperiment = operation<G.StartExperimentMutation, G.StartExperimentMutationVariables>(/* GraphQL */ `
  mutation StartExperiment($id: ID!) {
    startExperiment(id: $id) {
      id
      status
    }
  }
`);

export const stopExperiment = operation<G.StopExperimentMutation, G.StopExperimentMutationVariables>(/* GraphQL */ `
  mutation StopExperiment($id: ID!) {
    stopExperiment(id: $id) {
      id
      status
    }
  }
`);

// ---- recommendations playground

export const sessionPlayground = operation<G.SessionPlaygroundQuery, G.SessionPlaygroundQueryVariables>(/* GraphQL */ `
  query SessionPlayground($shopId: ID!, $skus: [String!]!, $first: Int!) {
    sessionRecommendations(shopId: $shopId, session: { skus: $skus }, first: $first) {
      requestId
      modelVersionId
      variant
      items {
        score
        reason
        item {
          sku
          title
          price
          category
        }
      }
    }
  }
`);

export const similarPlayground = operation<G.SimilarPlaygroundQuery, G.SimilarPlaygroundQueryVariables>(/* GraphQL */ `
  query SimilarPlayground($shopId: ID!, $sku: String!, $first: Int!) {
    similarItems(shopId: $shopId, sku: $sku, first: $first) {
      requestId
      modelVersionId
      variant
      items {
        score
        reason
        item {
          sku
          title
          price
          category
        }
      }
    }
  }
`);

export const crossShopPlayground = operation<G.CrossShopPlaygroundQuery, G.CrossShopPlaygroundQueryVariables>(
  /* GraphQL */ `
    query CrossShopPlayground($fromShopId: ID!, $toShopId: ID!, $skus: [String!]!, $first: Int!) {
      crossShopRecommendations(fromShopId: $fromShopId, toShopId: $toShopId, session: { skus: $skus }, first: $first) {
        requestId
        modelVersionId
        variant
        items {
          score
          reason
          item {
            sku
            title
            price
            category
          }
        }
      }
    }
  `,
);

export const sessionItems = operation<G.SessionItemsQuery, G.SessionItemsQueryVariables>(/* GraphQL */ `
  query SessionItems($shopId: ID!, $first: Int!, $query: String) {
    shop(id: $shopId) {
      id
      items(first: $first, query: $query) {
        edges {
          node {
            sku
            title
          }
        }
      }
    }
  }
`);

// ---- embedding map and alignment

export const embeddingMap = operation<G.EmbeddingMapQuery, G.EmbeddingMapQueryVariables>(/* GraphQL */ `
  query EmbeddingMap($shopId: ID!, $limit: Int!) {
    shop(id: $shopId) {
      id
      activeModel {
        id
        projection(limit: $limit) {
          modelVersionId
          method
          points {
            sku
            title
            category
            x
            y
          }
        }
      }
    }
  }
`);

export const alignmentRuns = operation<G.AlignmentRunsQuery, G.AlignmentRunsQueryVariables>(/* GraphQL */ `
  query AlignmentRuns {
    alignmentRuns(first: 20) {
      id
      status
      progress
      createdAt
      shops {
        id
        handle
      }
    }
  }
`);

export const alignmentRun = operation<G.AlignmentRunQuery, G.AlignmentRunQueryVariables>(/* GraphQL */ `
  query AlignmentRun($id: ID!) {
    alignmentRun(id: $id) {
      id
      status
      progress
      metrics
      error
      shops {
        id
        handle
        name
      }
    }
  }
`);

export const startAlignment = operation<G.StartAlignmentMutation, G.StartAlignmentMutationVariables>(/* GraphQL */ `
  mutation StartAlignment($shopIds: [ID!]!) {
    startAlignment(shopIds: $shopIds) {
      id
      status
    }
  }
`);

export const twinExamples = operation<G.TwinExamplesQuery, G.TwinExamplesQueryVariables>(/* GraphQL */ `
  query TwinExamples($shopId: ID!, $toShopId: ID!, $sku: String!) {
    twins(shopId: $shopId, sku: $sku, toShopId: $toShopId, first: 1) {
      items {
        score
        item {
          sku
          title
        }
      }
    }
  }
`);

export const shopOverview = operation<G.ShopOverviewQuery, G.ShopOverviewQueryVariables>(/* GraphQL */ `
  query ShopOverview($shopId: ID!) {
    shop(id: $shopId) {
      id
      itemCount
      eventCount
      createdAt
      activeModel {
        id
        algorithm
        dimensions
        itemCount
        metrics
        createdAt
      }
      importJobs(first: 3) {
        id
        kind
        status
        accepted
        rejected
        startedAt
      }
    }
    trainingRuns(shopId: $shopId, first: 3) {
      id
      status
      progress
      createdAt
    }
    experiments(shopId: $shopId) {
      id
      name
      status
      placement
    }
  }
`);
