import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { Progress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { EpochModel, ModelSink } from '../common/trainable.js';
import { onBackend } from '../common/tfjs-webgpu.js';
import type { NcfHead, NcfNetwork } from './network.js';
import type { OptimizerKind } from './optimizer.js';
import { saveNcfRunModel } from './run-model.js';
import { implicitEpoch, ratingEpoch, type EpochExamples } from './samples.js';
import { PlateauSchedule, type PlateauState } from './schedule.js';
import { ncfScorer } from './scorer.js';
import type { NcfObjective } from './spec.js';
import { NcfTrainer } from './step.js';

/**
 * The NCF family's epoch for the training loop: each positive with fresh sampled negatives
 * (implicit, BCE) or the rated interactions (rating, MSE), in batches through the tfjs step; an
 * optional reduce-on-plateau learning rate; the weights and optimiser state as the checkpoint.
 */
export interface NcfTrainingSettings {
  objective: NcfObjective;
  optimizer: OptimizerKind;
  lr: number;
  l2: number;
  batch: number;
  negatives: number;
  lrSchedule: { factor: number; patience: number; minLr: number } | null;
  /** The plateau schedule follows the validation metric when every epoch is evaluated, else the loss. */
  evalEvery: number;
  seed: number;
  quiet: boolean;
  /** Clipping range of rating predictions, stored with the model (rating runs). */
  ratingRange?: [number, number];
  /** The tfjs backend the steps run on (a GPU's, models/common/tfjs-webgpu.ts); absent: the network's. */
  stepBackend?: string | null;
}

interface NcfCheckpointState {
  step: number;
  lr: number;
  plateau: PlateauState | null;
}

export class NcfTraining implements EpochModel {
  private readonly trainer: NcfTrainer;
  private readonly plateau: PlateauSchedule | null;
  /** The head's copy on the step backend, made in the first epoch. */
  private headCopy: (NcfHead & { dispose(): void }) | null = null;

  constructor(
    readonly net: NcfNetwork,
    private readonly store: LoadedGraphStore,
    private readonly s: NcfTrainingSettings,
  ) {
    this.trainer = new NcfTrainer(net, { objective: s.objective, optimizer: s.optimizer, lr: s.lr, l2: s.l2 });
    this.plateau = s.lrSchedule ? new PlateauSchedule({ ...s.lrSchedule, mode: 'min' }) : null;
  }

  /** One epoch; on a step backend, switched to for the epoch (scoring and saving stay on the network's). */
  async trainEpoch(epoch: number): Promise<number> {
    const backend = this.s.stepBackend;
    if (!backend) return this.epochSteps(epoch);
    return onBackend(backend, () => {
      this.headCopy ??= this.net.headCopy();
      this.trainer.runOn(this.headCopy);
      return this.epochSteps(epoch);
    });
  }

  private async epochSteps(epoch: number): Promise<number> {
    const epochSeed = (this.s.seed * 1_000_003 + epoch) >>> 0;
    const userItems = this.store.graph.userItems;
    const ex: EpochExamples =
      this.s.objective === 'rating'
        ? ratingEpoch(userItems, new Rng(epochSeed))
        : implicitEpoch(userItems, this.s.negatives, epochSeed);
    const total = ex.users.length;
    const progress = new Progress({ label: `epoch ${epoch}`, total, unit: 'examples', silent: this.s.quiet });
    let lossSum = 0;
    let batches = 0;
    for (let b = 0; b < total; b += this.s.batch) {
      const e = Math.min(total, b + this.s.batch);
      lossSum += await this.trainer.trainBatch(
        ex.users.subarray(b, e),
        ex.items.subarray(b, e),
        ex.targets.subarray(b, e),
      );
      batches++;
      progress.tick(e - b, `loss ${(lossSum / batches).toFixed(4)}`);
    }
    progress.finish(`loss ${(lossSum / batches).toFixed(4)}`);
    return lossSum / Math.max(1, batches);
  }

  /** Frees the head's copy on the step backend. */
  dispose(): void {
    this.headCopy?.dispose();
    this.headCopy = null;
  }

  describeEpoch(): string {
    return `lr ${this.trainer.learningRate.toPrecision(3)}`;
  }

  afterEpoch(_epoch: number, loss: number, selectionScore: number | null): string | void {
    if (!this.plateau) return;
    // The schedule minimises: the loss, or minus the selection score when every epoch is evaluated.
    const monitored = this.s.evalEvery === 1 && selectionScore !== null ? -selectionScore : loss;
    const lr = this.trainer.learningRate;
    const next = this.plateau.observe(monitored, lr);
    if (next === lr) return;
    this.trainer.setLearningRate(next);
    return `learning rate ${lr.toPrecision(3)} -> ${next.toPrecision(3)} (plateau)`;
  }

  scorer() {
    this.trainer.syncToNetwork();
    return ncfScorer(this.net);
  }

  async saveModel(sink: ModelSink, epoch: number): Promise<void> {
    this.trainer.syncToNetwork();
    await saveNcfRunModel(sink, this.net, {
      epoch,
      objective: this.s.objective,
      ...(this.s.ratingRange ? { ratingRange: this.s.ratingRange } : {}),
    });
  }

  checkpoint(): { tensors: TensorBundle; state: Record<string, unknown> } {
    const state: NcfCheckpointState = {
      step: this.trainer.step,
      lr: this.trainer.learningRate,
      plateau: this.plateau?.snapshot() ?? null,
    };
    return { tensors: this.trainer.checkpointTensors(), state: state as unknown as Record<string, unknown> };
  }

  restore(tensors: TensorBundle, state: Record<string, unknown>): void {
    const s = state as unknown as NcfCheckpointState;
    this.trainer.restore(tensors, s.step, s.lr);
    if (this.plateau && s.plateau) this.plateau.restore(s.plateau);
  }
}
