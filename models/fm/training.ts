import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { dotProductScorer, type DotProductEmbeddings } from '../common/scorer.js';
import type { EpochModel, ModelSink } from '../common/trainable.js';
import { factorBundle } from '../baselines/fit.js';
import { FactorizationMachine, featureRows, type FmConfig } from './fm.js';

/**
 * The factorization machine for the training loop. Its features: users' ids and user features
 * (the graph's user-features table, when built with --user-features), items' ids and item
 * features (genres, tags, ... when present). One epoch is one BPR pass over the training
 * interactions; the selected model is saved as a dot-product bundle (models/fm/fm.ts explains why
 * that is exact), the checkpoint holds the factors and Adagrad's sums.
 */
export class FmTraining implements EpochModel {
  readonly fm: FactorizationMachine;

  constructor(
    private readonly store: LoadedGraphStore,
    config: FmConfig,
  ) {
    const { numUsers, numItems } = store.graph;
    const { userContent, itemContent } = store.dataset;
    const userVocab = userContent?.vocabulary.length ?? 0;
    const itemVocab = itemContent?.vocabulary.length ?? 0;
    // Feature layout: user ids, user features, item ids, item features.
    const users = featureRows(numUsers, 0, userContent, numUsers, config.contentWeight);
    const itemBase = numUsers + userVocab;
    const items = featureRows(numItems, itemBase, itemContent, itemBase + numItems, config.contentWeight);
    this.fm = new FactorizationMachine(users, items, itemBase + numItems + itemVocab, config);
  }

  /** Features per user and item, as trained (for the log). */
  describeFeatures(): string {
    const { userContent, itemContent } = this.store.dataset;
    return `${this.fm.numFeatures} features (user ids${userContent ? ` + ${userContent.vocabulary.length} user features` : ''}, item ids${itemContent ? ` + ${itemContent.vocabulary.length} item features` : ''})`;
  }

  trainEpoch(): number {
    return this.fm.trainEpoch(this.store.graph.userItems);
  }

  scorer() {
    return dotProductScorer(this.fm.embeddings());
  }

  async saveModel(sink: ModelSink, epoch: number): Promise<void> {
    const { numUsers, numItems } = this.store.graph;
    await sink.saveBundle('model', factorBundle(this.fm.embeddings(), numUsers, numItems), {
      epoch,
      kind: 'dot-product',
    });
  }

  checkpoint(): { tensors: TensorBundle; state: Record<string, unknown> } {
    const s = this.fm.state();
    const d = this.fm.config.dim;
    const n = this.fm.numFeatures;
    return {
      tensors: {
        v: { shape: [n, d], data: s.v },
        w: { shape: [n], data: s.w },
        gv: { shape: [n, d], data: s.gv },
        gw: { shape: [n], data: s.gw },
      },
      state: {},
    };
  }

  restore(tensors: TensorBundle): void {
    this.fm.restore({ v: tensors.v.data, w: tensors.w.data, gv: tensors.gv.data, gw: tensors.gw.data });
  }
}

/**
 * The factor sums U_u and I_i of a saved FM (its dot-product vectors without the last column, the
 * user's 1 and the item's own score term): what the embeddings files hold, so that cosine
 * similarity compares items by their factors.
 */
export function factorSums(e: DotProductEmbeddings): DotProductEmbeddings {
  const d = e.dim - 1;
  const drop = (x: Float32Array) => {
    const n = x.length / e.dim;
    const out = new Float32Array(n * d);
    for (let r = 0; r < n; r++) out.set(x.subarray(r * e.dim, r * e.dim + d), r * d);
    return out;
  };
  return { dim: d, users: drop(e.users), items: drop(e.items) };
}
