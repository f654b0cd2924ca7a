import type { TensorBundle } from '../../core/tensor-bundle.js';
import type { Scorer } from './scorer.js';

/**
 * What a trained model family gives the one training loop (pipeline/train/loop.ts): an epoch step,
 * a scorer of its current parameters, a way to save them as the run's selected model, and (for
 * --resume) its parameters and optimiser state. The loop owns evaluation, selection, early
 * stopping, checkpoints and the metrics log, so every family has the same semantics.
 */
export interface EpochModel {
  /** One pass over the training data; the mean loss (or objective) of the epoch. */
  trainEpoch(epoch: number): number | Promise<number>;
  /** A scorer of the current parameters; disposed by the caller when it has `dispose`. */
  scorer(): Scorer & { dispose?: () => void };
  /** Writes the current parameters as the run's `model` bundle (and any files beside it). */
  saveModel(sink: ModelSink, epoch: number): Promise<void>;
  /** Parameters and optimiser state for checkpoint/; absent when the model cannot resume. */
  checkpoint?(): { tensors: TensorBundle; state: Record<string, unknown> };
  restore?(tensors: TensorBundle, state: Record<string, unknown>): void;
  /**
   * After each epoch, with its loss and the selection score when it was evaluated (higher is
   * better): lets a schedule adapt. Returns a line for the log when something changed.
   */
  afterEpoch?(epoch: number, loss: number, selectionScore: number | null): string | void;
  /** Extra words for the epoch's log line, e.g. the learning rate. */
  describeEpoch?(): string;
}

/** Where a model saves itself: a run folder. */
export interface ModelSink {
  readonly dir: string;
  saveBundle(name: 'checkpoint' | 'model', tensors: TensorBundle, state: Record<string, unknown>): Promise<void>;
}
