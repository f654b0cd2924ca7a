import type { Argv } from 'yargs';
import type { DataShape } from '../../models/data-shape.js';
import type { FamilySearch } from '../../models/search/space.js';
import type { RunRecord } from '../run-folder.js';
import type { CommonTrainOptions } from './options.js';

/**
 * A family of models that `pipeline train` can train (LightGCN/MF-BPR, NCF, baselines, hybrid).
 * Each family declares its own flags and runs from the parsed arguments; the command adds the
 * shared flags and dispatches on --model / --gnn.
 */
export interface TrainResult {
  run: string;
  record: RunRecord;
  /** Test metrics of the selected model (null when the graph has no test split). */
  test: Record<string, number> | null;
}

export type TrainArgs = Record<string, unknown> & { common: CommonTrainOptions; model: string };

export interface ModelFamily {
  /** Names accepted by --model / --gnn. */
  names: readonly string[];
  /** One line per name for --help. */
  describe: string;
  /** Family-specific flags (no defaults that would hide a preset: leave them undefined). */
  options: (y: Argv) => Argv;
  /** The value each flag takes when left out, for model `name` given the flags already set (e.g. --preset): shown by --help. */
  defaults: (name: string, argv: Record<string, unknown>) => Record<string, unknown>;
  train: (args: TrainArgs) => Promise<TrainResult>;
  /**
   * The flag that sets how long model `name` trains (epochs, iterations), or undefined for a model
   * fitted in closed form: only trained models get a validation split carved to select their length.
   */
  lengthFlag?: (name: string) => 'epochs' | 'iterations' | undefined;
  /**
   * Settings (flags by name) trained side by side on the validation split (the graph's, or one carved
   * from train), each to its best length: the best there is the model (refit when carved; not with
   * --no-refit). Undefined: the flags as given.
   */
  selectionCandidates?: (args: TrainArgs) => Promise<Record<string, unknown>[] | undefined>;
  /** What `pipeline tune` searches for model `name` (models/<family>/search-space.ts), or undefined: nothing to tune. */
  searchSpace?: (name: string, shape: DataShape) => FamilySearch | undefined;
}
