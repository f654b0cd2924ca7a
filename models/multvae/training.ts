import type { LoadedGraphStore } from '../../graph/store.js';
import { Rng } from '../../core/rng.js';
import { onBackend } from '../common/tfjs-webgpu.js';
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

  /** The copy on the step backend (made in the first epoch, with its own Adam). */
  private copy: MultVae | null = null;

  /** `stepBackend`: a tfjs GPU backend the epochs run on (models/common/tfjs-webgpu.ts); null: the CPU's. */
  constructor(
    private readonly store: LoadedGraphStore,
    config: MultVaeConfig,
    private readonly stepBackend: string | null = null,
  ) {
    this.vae = new MultVae(config);
    this.rng = new Rng(config.seed ^ 0x9e3779b9);
  }

  /** One epoch; on a step backend, on a copy there, whose weights this model (which scores) then takes. */
  async trainEpoch(): Promise<number> {
    const rows = this.store.graph.userItems;
    if (this.stepBackend === null) return this.vae.trainEpoch(rows, this.rng);
    const { loss, values, step } = await onBackend(this.stepBackend, async () => {
      this.copy ??= new MultVae(this.vae.config, await this.vae.values(), this.vae.step);
      const loss = await this.copy.trainEpoch(rows, this.rng);
      return { loss, values: await this.copy.values(), step: this.copy.step };
    });
    this.vae.assign(values, step);
    return loss;
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
    this.copy?.dispose();
  }
}
