// Data sets the benchmarks and tuning scripts read (files kept in the repository's data/ folder).

export * from './online-retail.ts';
export * from './anchors.ts';
