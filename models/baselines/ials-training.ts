import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import type { Rng } from '../../core/rng.js';
import { dotProductScorer } from '../common/scorer.js';
import type { EpochModel, ModelSink } from '../common/trainable.js';
import { factorBundle } from './fit.js';
import { ialsObjective, ialsSweep, initIals, type IalsConfig, type IalsFactors } from './ials.js';

/** iALS for the training loop: one epoch is one ALS sweep (users, then items); its loss is the objective. */
export class IalsTraining implements EpochModel {
  private factors: IalsFactors;

  constructor(
    private readonly store: LoadedGraphStore,
    private readonly cfg: IalsConfig,
    rng: Rng,
  ) {
    this.factors = initIals(store.graph.numUsers, store.graph.numItems, cfg, rng);
  }

  trainEpoch(): number {
    const g = this.store.graph;
    ialsSweep(g.userItems, g.itemUsers, this.factors, this.cfg);
    return ialsObjective(g.userItems, this.factors, this.cfg);
  }

  embeddings() {
    return { dim: this.cfg.factors, ...this.factors };
  }

  scorer() {
    return dotProductScorer(this.embeddings());
  }

  async saveModel(sink: ModelSink, epoch: number): Promise<void> {
    await sink.saveBundle('model', this.bundle(), { epoch, kind: 'dot-product' });
  }

  checkpoint(): { tensors: TensorBundle; state: Record<string, unknown> } {
    return { tensors: this.bundle(), state: {} };
  }

  restore(tensors: TensorBundle): void {
    this.factors = { users: tensors.users.data, items: tensors.items.data };
  }

  private bundle(): TensorBundle {
    const { numUsers, numItems } = this.store.graph;
    return factorBundle(this.embeddings(), numUsers, numItems);
  }
}
