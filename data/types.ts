/**
 * The shapes that flow from the readers through filtering and splitting into the graph store.
 * Ids are interned into dense indices as rows stream in; the original ids stay in the IdMaps.
 */

/**
 * Split codes stored per interaction. `history` marks the first interactions of a cold-start user
 * (build-graph --cold-users): given to the model at test time, never trained on.
 */
export const Split = { train: 0, valid: 1, test: 2, history: 3 } as const;
export type SplitCode = (typeof Split)[keyof typeof Split];
export const SPLIT_NAMES = ['train', 'valid', 'test', 'history'] as const;

/**
 * The nodes held out for cold-start evaluation (build-graph --cold-items / --cold-users): every
 * interaction of a cold item is a test row; a cold user has `history` rows (Split.history) and test
 * rows, never train or validation rows. Dense indices, sorted ascending.
 */
export interface ColdStart {
  items: Int32Array;
  users: Int32Array;
  /** History rows per cold user (0 when there are no cold users). */
  history: number;
}

/** Columnar interactions; all columns have `length` entries. */
export interface InteractionTable {
  length: number;
  /** Dense user index (into Dataset.users). */
  user: Int32Array;
  /** Dense item index (into Dataset.items). */
  item: Int32Array;
  /** Explicit rating, or null for implicit data. */
  rating: Float32Array | null;
  /** Unix seconds, or null when the source has no time. */
  time: Float64Array | null;
  /** Split code per row (Split.*), or null before splitting. A provided split fills it at read time. */
  split: Uint8Array | null;
}

/** Sparse content features of one node kind, aligned with that kind's dense indices. */
export interface NodeContent {
  /** Feature names, e.g. "genre=Action", "tag#1234", "title#77", "year". */
  vocabulary: string[];
  /** Which vocabulary entries are numeric (standardised) rather than indicator/count features. */
  numeric: boolean[];
  /** CSR over nodes: features of node n are indices[indptr[n]..indptr[n+1]) with values. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  /** Display metadata per node (e.g. title, genres); null where unknown. */
  meta: Record<string, (string | null)[]>;
  /**
   * For each numeric feature name, the mean and standard deviation used to standardise it:
   * stored value = (raw - mean) / std. Absent when the content has no numeric features.
   */
  numericStats?: Record<string, { mean: number; std: number }>;
  /** Buckets the `name#N` text features were hashed into; absent without text (or in older graphs). */
  hashBuckets?: number;
}

/** What ingestion did, so nothing is silently dropped: every row read is accounted for. */
export interface IngestReport {
  format: string;
  files: string[];
  /** Data rows read (headers and blank lines excluded). */
  rowsRead: number;
  /** Malformed rows skipped under --skip-bad-lines. */
  badLines: number;
  /** Rows removed by each filter, in the order applied (e.g. "min-rating", "duplicates", "k-core"). */
  filtered: Record<string, number>;
  /** Rows kept. */
  rowsKept: number;
  notes: string[];
}

/** A dataset after reading (and later filtering/splitting): dense indices plus the original ids. */
export interface Dataset {
  /** Original user id per dense user index. */
  users: string[];
  /** Original item id per dense item index. */
  items: string[];
  interactions: InteractionTable;
  itemContent: NodeContent | null;
  userContent: NodeContent | null;
  /** Fixed evaluation negatives (the NCF `.negative` file): `perUser` dense item indices per listed user. */
  sampledNegatives: { user: Int32Array; items: Int32Array; perUser: number } | null;
  report: IngestReport;
}
