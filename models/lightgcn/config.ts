/**
 * LightGCN's settings (He et al., SIGIR 2020): the model's (dimension, layers, start, scoring) and
 * its training's (optimiser, batch, loss, sampling, recency). Kept apart from the model so that
 * reading them (presets, --help) loads no tensor code.
 */
export interface LightGcnConfig extends LightGcnModelSettings, LightGcnTrainingSettings {}

/** What the model is: its size, depth, starting point and scoring. */
export type LightGcnModelSettings = Pick<LightGcnSettings, 'dim' | 'layers' | 'initStd' | 'init' | 'cosine'>;
/** How it is trained: optimiser, batch, loss and sampling. */
export type LightGcnTrainingSettings = Omit<LightGcnSettings, keyof LightGcnModelSettings>;

interface LightGcnSettings {
  dim: number;
  layers: number;
  lr: number;
  /** L2 coefficient on the batch's ego embeddings (the paper's 1e-4). */
  l2: number;
  batch: number;
  loss: 'bpr' | 'softmax';
  /** BPR: negatives per positive. Softmax: negatives shared by the whole batch. */
  negatives: number;
  /** Softmax temperature. */
  temperature: number;
  /** Std of the normal initialisation (the official code uses 0.1), or the RMS of the spectral one. */
  initStd: number;
  /** normal (the paper) or svd: top singular vectors of the normalised interaction matrix. */
  init: 'normal' | 'svd';
  /** Score by cosine (L2-normalised user and item vectors) instead of the raw dot product. */
  cosine: boolean;
  /**
   * Softmax: add log(items / negatives) to the sampled negatives' logits (the logQ correction of
   * uniform sampling), so that the loss estimates the softmax over the whole catalogue. On Gowalla
   * it left the ranking unchanged (Adam rescales the gradient; BENCHMARKS.md), hence off by default.
   */
  logQ: boolean;
  /** Learning rate over the run: constant (none), or cosine decay from lr to 0 at the last epoch. */
  lrSchedule: 'none' | 'cosine';
  /**
   * Recency strength (0 = off): each user's latest train interaction weighs e^recency times the
   * oldest (models/recency.ts), in the positives drawn per epoch, the propagation weights, or both.
   */
  recency: number;
  recencyOn: 'sampling' | 'propagation' | 'both';
}

export const PAPER_CONFIG: LightGcnConfig = {
  dim: 64,
  layers: 3,
  lr: 0.001,
  l2: 1e-4,
  batch: 2048,
  loss: 'bpr',
  negatives: 1,
  temperature: 0.1,
  initStd: 0.1,
  init: 'normal',
  cosine: false,
  logQ: false,
  lrSchedule: 'none',
  recency: 0,
  recencyOn: 'sampling',
};
