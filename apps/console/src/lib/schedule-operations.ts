// GraphQL operations of a shop's scheduled retraining (the training page's schedule panel).
import type * as G from '../generated/graphql.ts';
import { operation } from './graphql-client.ts';

export const trainingSchedule = operation<G.TrainingScheduleQuery, G.TrainingScheduleQueryVariables>(/* GraphQL */ `
  query TrainingSchedule($shopId: ID!) {
    shop(id: $shopId) {
      id
      trainingSchedule {
        cron
        timeZone
        nextRunAt
        lastCheckedAt
        lastOutcome
        lastRun {
          id
          status
        }
      }
    }
  }
`);

export const setTrainingSchedule = operation<G.SetTrainingScheduleMutation, G.SetTrainingScheduleMutationVariables>(
  /* GraphQL */ `
    mutation SetTrainingSchedule($shopId: ID!, $schedule: TrainingScheduleInput!) {
      setTrainingSchedule(shopId: $shopId, schedule: $schedule) {
        cron
        timeZone
        nextRunAt
      }
    }
  `,
);

export const removeTrainingSchedule = operation<
  G.RemoveTrainingScheduleMutation,
  G.RemoveTrainingScheduleMutationVariables
>(/* GraphQL */ `
  mutation RemoveTrainingSchedule($shopId: ID!) {
    removeTrainingSchedule(shopId: $shopId)
  }
`);
