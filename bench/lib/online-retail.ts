// The Online Retail loader lives in @shopspace/datasets; benchmarks import it from here.

export * from '@shopspace/datasets';
