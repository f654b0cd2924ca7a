import type { NodeContent } from '../../data/types.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { ContentTower } from './content-tower.js';
import { ArtifactError } from '../../core/errors.js';

/**
 * A content tower as saved in a lightgcn-ncf model bundle: its weights (one row per feature of
 * the graph's item or user vocabulary) and the factor its unit vectors were scaled by to the id
 * vectors' RMS norm. Kept so that an item that is not in the graph at all (`recommend --new-item`)
 * gets a vector exactly as the run's cold items got theirs, and a user with no history at all
 * (`recommend --new-user`) one from their features.
 */
export interface SavedTower {
  /** features x dim, row-major. */
  weights: Float32Array;
  dim: number;
  scale: number;
  cosine: boolean;
}

/** Which side's features a tower reads. */
export type TowerSide = 'item' | 'user';

/** Bundle entry names (tensor and state alike); the item tower keeps its original name. */
const ENTRY: Record<TowerSide, string> = { item: 'contentTower', user: 'userTower' };

/** The bundle's tensors and state entries for `tower` (none without one). */
export function towerBundleEntries(
  tower: SavedTower | null,
  side: TowerSide = 'item',
): {
  tensors: TensorBundle;
  state: Record<string, unknown>;
} {
  if (tower === null) return { tensors: {}, state: {} };
  const features = tower.weights.length / tower.dim;
  return {
    tensors: { [ENTRY[side]]: { shape: [features, tower.dim], data: tower.weights } },
    state: { [ENTRY[side]]: { scale: tower.scale, cosine: tower.cosine } },
  };
}

/** The saved tower of a bundle, or null when the run has none (or predates saving it). */
export function savedTower(
  bundle: { tensors: TensorBundle; state: Record<string, unknown> },
  side: TowerSide = 'item',
): SavedTower | null {
  const t = bundle.tensors[ENTRY[side]];
  const s = bundle.state[ENTRY[side]] as { scale?: unknown; cosine?: unknown } | undefined;
  if (t === undefined || s === undefined) return null;
  if (typeof s.scale !== 'number' || typeof s.cosine !== 'boolean' || t.shape.length !== 2) {
    throw new ArtifactError(`the model bundle's ${side} tower entry is malformed`, { hint: 'retrain the run' });
  }
  return { weights: t.data, dim: t.shape[1], scale: s.scale, cosine: s.cosine };
}

/** A ContentTower over the graph's item (or user) vocabulary with the saved weights (for inference only). */
export function openSavedTower(saved: SavedTower, content: NodeContent, side: TowerSide = 'item'): ContentTower {
  const features = saved.weights.length / saved.dim;
  if (features !== content.vocabulary.length) {
    throw new ArtifactError(
      `the ${side} tower has ${features} feature rows, the graph's ${side} vocabulary ${content.vocabulary.length}`,
      {
        hint: 'the run was trained on another graph; pass the right --graph or retrain',
      },
    );
  }
  // Training settings are unused at inference; only dim and cosine shape the vectors.
  return new ContentTower(
    content,
    { dim: saved.dim, cosine: saved.cosine, lr: 0, l2: 0, batch: 1, negatives: 0, epochs: 0, temperature: 1 },
    saved.weights,
  );
}
