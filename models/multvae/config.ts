/** Mult-VAE's settings and the paper's values, apart from the model so that reading them loads no tfjs. */
export interface MultVaeConfig {
  numItems: number;
  /** Encoder/decoder hidden width (paper: 600). */
  hidden: number;
  /** Latent dimension (paper: 200). */
  latent: number;
  /** Probability of keeping an input item during training (paper: 0.5). */
  keep: number;
  /** KL weight reached at the end of annealing (paper: 0.2). */
  betaMax: number;
  /** Optimiser steps over which β grows linearly from 0 to betaMax. */
  annealSteps: number;
  /** Adam learning rate (paper: 1e-3). */
  lr: number;
  /** Users per batch (paper: 500). */
  batch: number;
  /** L2 weight penalty λ Σ W² (paper, Mult-VAE: 0). */
  l2: number;
  /** Seed of the initial weights. */
  seed: number;
}

export const MULTVAE_PAPER: Omit<MultVaeConfig, 'numItems' | 'annealSteps' | 'seed'> = {
  hidden: 600,
  latent: 200,
  keep: 0.5,
  betaMax: 0.2,
  lr: 1e-3,
  batch: 500,
  l2: 0,
};
