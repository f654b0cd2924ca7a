/**
 * Mult-VAE (Liang, Krishnan, Hoffman & Jebara, WWW 2018, "Variational Autoencoders for
 * Collaborative Filtering"): a user's item set x_u is encoded, q(z|x) = N(μ, diag σ²), by
 * [items → hidden (tanh) → 2·latent] after L2 normalisation and input dropout; decoded by
 * [latent → hidden (tanh) → items]; the loss is the multinomial negative log-likelihood of x_u under
 * softmax(logits) plus β·KL(q ‖ N(0, I)), with β annealed linearly from 0 to β_max over
 * `annealSteps` optimiser steps (the paper's β_max 0.2). Adam, batches of users. Scores are the
 * decoder's logits at z = μ (no dropout): a user is scored from their history alone, so new users
 * fold in without retraining.
 *
 * The first encoder layer runs on the sparse input (O(nnz · hidden)); the output layer stores its
 * weights item-major ([items, hidden]) so its product and gradient use explicit transposes, the fast
 * paths of the wasm backend (models/dense-ops.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../core/rng.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { ArtifactError } from '../../core/errors.js';
import { matMulBt } from '../common/dense-ops.js';
import { batchInput, multinomialNll, sparseRowsMatMul, type SparseRows } from './ops.js';

import type { MultVaeConfig } from './config.js';
export { MULTVAE_PAPER, type MultVaeConfig } from './config.js';

const PARAMS = ['encW1', 'encB1', 'encW2', 'encB2', 'decW1', 'decB1', 'decW2', 'decB2'] as const;
type ParamName = (typeof PARAMS)[number];

function paramShapes(c: MultVaeConfig): Record<ParamName, number[]> {
  return {
    encW1: [c.numItems, c.hidden],
    encB1: [c.hidden],
    encW2: [c.hidden, 2 * c.latent],
    encB2: [2 * c.latent],
    decW1: [c.latent, c.hidden],
    decB1: [c.hidden],
    decW2: [c.numItems, c.hidden], // item-major: logits = h · decW2ᵀ
    decB2: [c.numItems],
  };
}

/** Glorot-uniform weights and N(0, 0.001²) biases (the authors' initialisers), from a seeded Rng. */
function initialParams(c: MultVaeConfig): Record<ParamName, Float32Array> {
  const rng = new Rng(c.seed);
  const shapes = paramShapes(c);
  const out = {} as Record<ParamName, Float32Array>;
  for (const name of PARAMS) {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let k = 0; k < size; k++) data[k] = (2 * rng.next() - 1) * limit;
    } else {
      for (let k = 0; k < size; k++) data[k] = 0.001 * rng.normal();
    }
    out[name] = data;
  }
  return out;
}

export function checkMultVaeConfig(c: MultVaeConfig): void {
  const posInt = (v: number, name: string) => {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`multvae: ${name} must be a positive integer, got ${v}`);
  };
  posInt(c.numItems, 'numItems');
  posInt(c.hidden, 'hidden');
  posInt(c.latent, 'latent');
  posInt(c.batch, 'batch');
  posInt(c.annealSteps, 'annealSteps');
  if (!(c.keep > 0 && c.keep <= 1)) throw new RangeError(`multvae: keep must be in (0, 1], got ${c.keep}`);
  if (!(c.betaMax >= 0) || !(c.lr > 0) || !(c.l2 >= 0))
    throw new RangeError('multvae: betaMax and l2 must be >= 0 and lr > 0');
}

/** Noise of one training step, explicit so that tests can fix it. */
export interface StepNoise {
  /** batch x latent standard normals of the reparameterisation z = μ + ε·σ. */
  eps: Float32Array;
}

/** tfjs variable names must be unique in the process. */
let instances = 0;

export class MultVae {
  readonly params: Record<ParamName, tf.Variable>;
  private optimizer: tf.Optimizer;
  /** Optimiser steps taken (drives the KL annealing). */
  step: number;

  constructor(
    readonly config: MultVaeConfig,
    values: Record<ParamName, Float32Array> = initialParams(config),
    step = 0,
  ) {
    checkMultVaeConfig(config);
    const shapes = paramShapes(config);
    this.params = {} as Record<ParamName, tf.Variable>;
    for (const name of PARAMS)
      this.params[name] = tf.variable(tf.tensor(values[name], shapes[name]), true, `multvae${++instances}_${name}`);
    this.optimizer = tf.train.adam(config.lr);
    this.step = step;
  }

  /** β at the current step: linear from 0 to betaMax over annealSteps, then constant. */
  beta(step = this.step): number {
    return this.config.betaMax * Math.min(1, step / this.config.annealSteps);
  }

  /** Decoder logits [rows, items] and the posterior (μ, log σ²), with ε = null meaning z = μ. */
  forward(input: SparseRows, eps: tf.Tensor2D | null): { logits: tf.Tensor2D; mu: tf.Tensor2D; logvar: tf.Tensor2D } {
    const p = this.params;
    const L = this.config.latent;
    const h1 = tf.tanh(tf.add(sparseRowsMatMul(p.encW1 as tf.Tensor2D, input), p.encB1));
    const e = tf.add(tf.matMul(h1, p.encW2 as tf.Tensor2D), p.encB2) as tf.Tensor2D;
    const mu = tf.slice(e, [0, 0], [input.rows, L]);
    const logvar = tf.slice(e, [0, L], [input.rows, L]);
    const z = eps === null ? mu : tf.add(mu, tf.mul(eps, tf.exp(tf.mul(logvar, 0.5))));
    const h2 = tf.tanh(tf.add(tf.matMul(z, p.decW1 as tf.Tensor2D), p.decB1)) as tf.Tensor2D;
    const logits = tf.add(matMulBt(h2, p.decW2 as tf.Tensor2D), p.decB2) as tf.Tensor2D;
    return { logits, mu, logvar };
  }

  /** The training objective of one batch: NLL + β·KL + l2·Σ W² (a scalar tensor; call inside a tidy). */
  loss(input: SparseRows, target: tf.Tensor2D, noise: StepNoise, beta: number): tf.Scalar {
    const eps = tf.tensor2d(noise.eps, [input.rows, this.config.latent]);
    const { logits, mu, logvar } = this.forward(input, eps);
    const nll = multinomialNll(logits, target);
    // KL(N(μ, σ²) ‖ N(0, 1)) per user, averaged over the batch.
    const kl = tf.div(
      tf.sum(tf.mul(0.5, tf.sub(tf.add(tf.exp(logvar), tf.square(mu)), tf.add(logvar, 1)))),
      input.rows,
    );
    let total = tf.add(nll, tf.mul(kl, beta)) as tf.Scalar;
    if (this.config.l2 > 0) {
      const weights = [this.params.encW1, this.params.encW2, this.params.decW1, this.params.decW2];
      total = tf.add(total, tf.mul(tf.addN(weights.map((w) => tf.sum(tf.square(w)))), this.config.l2)) as tf.Scalar;
    }
    return total;
  }

  /**
   * One pass over the users of `rows` that have items, in random batches; resolves to the mean batch
   * loss (read back asynchronously: all that tfjs's GPU backend allows in Node).
   */
  async trainEpoch(rows: Csr, rng: Rng): Promise<number> {
    if (rows.cols !== this.config.numItems)
      throw new RangeError(`multvae: the model has ${this.config.numItems} items, the rows ${rows.cols}`);
    const users: number[] = [];
    for (let u = 0; u < rows.rows; u++) if (rows.indptr[u + 1] > rows.indptr[u]) users.push(u);
    rng.shuffle(users);
    const { batch, latent, keep } = this.config;
    let sum = 0;
    let batches = 0;
    for (let s = 0; s < users.length; s += batch) {
      const ids = users.slice(s, s + batch);
      const { input, target } = batchInput(rows, ids, keep, rng);
      const eps = Float32Array.from({ length: ids.length * latent }, () => rng.normal());
      const beta = this.beta();
      const loss = tf.tidy(() => {
        const t = tf.tensor2d(target, [ids.length, this.config.numItems]);
        return this.optimizer.minimize(() => this.loss(input, t, { eps }, beta), true, Object.values(this.params))!;
      });
      const value = (await loss.data())[0];
      loss.dispose();
      if (!Number.isFinite(value))
        throw new RangeError(`multvae: the loss became ${value} at step ${this.step + 1}; lower the learning rate`);
      sum += value;
      batches++;
      this.step++;
    }
    return batches > 0 ? sum / batches : Number.NaN;
  }

  /** Logits [rows.rows x items] of every row of `rows` (a user's history each), in batches, at z = μ. */
  scoreUsers(rows: Csr, out?: Float32Array): Float32Array {
    const n = this.config.numItems;
    if (rows.cols !== n) throw new RangeError(`multvae: the model has ${n} items, the rows ${rows.cols}`);
    const scores = out ?? new Float32Array(rows.rows * n);
    if (scores.length !== rows.rows * n)
      throw new RangeError(`multvae scoreUsers: out has ${scores.length} entries, expected ${rows.rows} x ${n}`);
    for (let s = 0; s < rows.rows; s += this.config.batch) {
      const ids = Array.from({ length: Math.min(this.config.batch, rows.rows - s) }, (_, k) => s + k);
      const { input } = batchInput(rows, ids, 1, null);
      const block = tf.tidy(() => this.forward(input, null).logits);
      scores.set(block.dataSync() as Float32Array, s * n);
      block.dispose();
    }
    return scores;
  }

  /** The weights, read asynchronously (a model on tfjs's GPU backend). */
  async values(): Promise<Record<ParamName, Float32Array>> {
    const out = {} as Record<ParamName, Float32Array>;
    for (const name of PARAMS) out[name] = Float32Array.from((await this.params[name].data()) as Float32Array);
    return out;
  }

  /** Sets the weights (and the step) to another copy's. */
  assign(values: Record<ParamName, Float32Array>, step: number): void {
    for (const name of PARAMS)
      tf.tidy(() => this.params[name].assign(tf.tensor(values[name], this.params[name].shape)));
    this.step = step;
  }

  /** The weights as a tensor bundle and the configuration and step as state (Adam's moments are not kept). */
  toBundle(): { tensors: TensorBundle; state: { config: MultVaeConfig; step: number } } {
    const tensors: TensorBundle = {};
    for (const name of PARAMS)
      tensors[name] = {
        shape: this.params[name].shape.slice(),
        data: Float32Array.from(this.params[name].dataSync() as Float32Array),
      };
    return { tensors, state: { config: { ...this.config }, step: this.step } };
  }

  static fromBundle(tensors: TensorBundle, state: { config: MultVaeConfig; step?: number }): MultVae {
    const config = state.config;
    try {
      checkMultVaeConfig(config);
    } catch (e) {
      throw new ArtifactError(`multvae model has an invalid configuration: ${(e as Error).message}`, {
        hint: 'retrain the run',
      });
    }
    const shapes = paramShapes(config);
    const values = {} as Record<ParamName, Float32Array>;
    for (const name of PARAMS) {
      const t = tensors[name];
      if (!t || t.shape.join() !== shapes[name].join()) {
        throw new ArtifactError(
          `multvae model: tensor ${name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${shapes[name]}]`,
          { hint: 'retrain the run on this graph' },
        );
      }
      values[name] = t.data;
    }
    return new MultVae(config, values, state.step ?? 0);
  }

  dispose(): void {
    for (const name of PARAMS) this.params[name].dispose();
    this.optimizer.dispose();
  }
}
