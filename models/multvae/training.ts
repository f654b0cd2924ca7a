import type { LoadedGraphStore } from '../../graph/store.js';
import { Rng } from '../../core/rng.js';
import type { EpochModel, ModelSink } from '../common/trainable.js';
import { MultVae, type MultVaeConfig } from './multvae.js';
import { multVaeScorer } from './scorer.js';

/**
 * Mult-VAE for the training loop: one epoch is one shuffled pass over the users with training
 * items; the weights (and the step that sets β) are the saved model. Adam's moments are not saved,
 * so a run does not resume (the loop writes no checkpoint).
 */
export class MultVaeTraining implements EpochModel {
  readonly vae: MultVae;
  private readonly rng: Rng;

  constructor(
    private readonly store: LoadedGraphStore,
    config: MultVaeConfig,
  ) {
    this.vae = new MultVae(config);
    this.rng = new Rng(config.seed ^ 0x9e3779b9);
  }

  trainEpoch(): number {
    return this.vae.trainEpoch(this.store.graph.userItems, this.rng);
  }

  describeEpoch(): string {
    return `β ${this.vae.beta().toFixed(3)}`;
  }

  scorer() {
    return multVaeScorer(this.vae, this.store.graph.userItems);
  }

  async saveModel(sink: ModelSink, epoch: number): Promise<void> {
    const { tensors, state } = this.vae.toBundle();
    await sink.saveBundle('model', tensors, { ...state, epoch, kind: 'multvae' });
  }

  dispose(): void {
    this.vae.dispose();
  }
}
