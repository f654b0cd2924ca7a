/** The input formats, split methods and cold-start default build-graph accepts: plain constants, so that --help reads them without loading a reader. */
export const INPUT_FORMATS = ['lightgcn', 'movielens', 'csv', 'tsv', 'ncf', 'arrow', 'parquet'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export const SPLIT_METHODS = ['provided', 'leave-one-out', 'temporal', 'ratio', 'latest'] as const;
export type SplitMethod = (typeof SPLIT_METHODS)[number];
export type CarveMethod = Exclude<SplitMethod, 'provided'>;

/** Interactions a cold user keeps as the history the model is told at test time. */
export const DEFAULT_COLD_HISTORY = 5;
