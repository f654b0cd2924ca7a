/**
 * How the baselines' model bundles become Scorers again (`pipeline evaluate`, recommend, serve).
 * Factor models (pop, ials, svd) are saved as kind "dot-product" and need nothing here; ItemKNN
 * keeps its pruned neighbour lists, GF-CF its singular vectors (the rest is rebuilt from the graph,
 * whose checksum openRun has verified).
 */
import type { LoadedGraphStore } from '../../graph/store.js';
import { type ItemNeighbors } from '../../models/baselines/itemknn.js';
import { type ScorerFactory } from '../scorer-registry.js';
import type { TensorBundle } from '../run-folder.js';
export declare function itemNeighborsBundle(n: ItemNeighbors): TensorBundle;
export declare function itemNeighborsFromBundle(tensors: TensorBundle, store: LoadedGraphStore): ItemNeighbors;
export declare const BASELINE_SCORER_FACTORIES: Record<string, ScorerFactory>;
