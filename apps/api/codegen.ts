// GraphQL Code Generator: resolver types from the checked-in SDL, with domain types as the parent types so a
// resolver returns what the services return.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['src/schema/contract.graphql', 'src/schema/extensions.graphql'],
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../graphql/context.ts#ApiContext',
        scalars: { DateTime: 'Date', JSON: 'unknown', ID: 'string' },
        mappers: {
          Tenant: '@shopspace/domain#Tenant as DomainTenant',
          Shop: '@shopspace/domain#Shop as DomainShop',
          Item: '@shopspace/domain#Item as DomainItem',
          ApiKey: '@shopspace/domain#ApiKeyRecord as DomainApiKey',
          ImportJob: '@shopspace/domain#ImportJob as DomainImportJob',
          TrainingRun: '@shopspace/domain#TrainingRun as DomainTrainingRun',
          ModelVersion: '@shopspace/domain#ModelVersion as DomainModelVersion',
          Experiment: '@shopspace/domain#Experiment as DomainExperiment',
          AlignmentRun: '@shopspace/domain#AlignmentRun as DomainAlignmentRun',
          TrainingSchedule: '@shopspace/domain#ScheduleView as DomainTrainingSchedule',
          ResponseModel: '@shopspace/domain#ResponseModelView as DomainResponseModel',
        },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  },
};

export default config;
