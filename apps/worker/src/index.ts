// The worker app as a library, for the start script and tests.

export * from './compose.ts';
