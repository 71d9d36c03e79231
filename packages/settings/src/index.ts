// Settings of every process: one table, one reader, one error naming the bad setting.

export * from './settings.ts';
export * from './artifact-settings.ts';
