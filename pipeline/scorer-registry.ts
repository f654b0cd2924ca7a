import type { LoadedGraphStore } from '../graph/store.js';
import { dotProductScorer, type Scorer } from '../models/scorer.js';
import type { RunRecord, TensorBundle } from './run-folder.js';

/**
 * How a saved model bundle becomes a Scorer, keyed by the bundle's `state.kind`. Model families
 * register their factory at module load; this module imports none of them, so there is no cycle.
 */
export type ScorerFactory = (
  bundle: { tensors: TensorBundle; state: Record<string, unknown> },
  store: LoadedGraphStore,
  record: RunRecord,
) => Scorer | Promise<Scorer>;

const factories = new Map<string, ScorerFactory>([
  [
    'dot-product',
    ({ tensors }) => {
      const { users, items } = tensors;
      return dotProductScorer({ dim: users.shape[1], users: users.data, items: items.data });
    },
  ],
]);

export function registerScorerFactory(kind: string, factory: ScorerFactory): void {
  factories.set(kind, factory);
}

export function scorerFactory(kind: string): ScorerFactory | undefined {
  return factories.get(kind);
}

export function knownScorerKinds(): string[] {
  return [...factories.keys()];
}
