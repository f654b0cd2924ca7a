/** Options every `pipeline train` model shares: where, how long, how to select, which engine. */
export interface CommonTrainOptions {
  graph: string;
  out: string;
  epochs: number;
  seed: number;
  threads?: number;
  backend: string;
  /** --device auto|cpu|gpu: where LightGCN, the NCF family, Mult-VAE and the hybrid train (auto: a hardware GPU when there is one). */
  device?: string;
  /** Evaluate every N epochs (0: only at the end). */
  evalEvery: number;
  /** Stop after this many evaluations without improvement (0: never). */
  patience: number;
  /** Split used for model selection: valid (honest), test (reproduces papers that did so; labelled), none (last epoch). */
  selectOn: 'auto' | 'valid' | 'test' | 'none';
  /** Metric that selects, e.g. recall@20. */
  selectMetric: string;
  resume: boolean;
  quiet: boolean;
  /** Leave test unread (the selection stage of a carved validation split: test is read once, by the refit). */
  skipTest?: boolean;
  /** How the length was chosen, for the test line when this run itself selects nothing (a refit). */
  selectedBy?: string;
  /** Where the run's log lines go (default stderr; pipeline tune keeps its trials' lines out of its display). */
  log?: (line: string) => void;
}
