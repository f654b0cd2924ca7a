import { sampleBprEpoch, sampleNegatives } from '../../graph/kernels/index.js';
import type { Csr } from '../../graph/csr.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { Progress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import { dotProductScorer } from '../common/scorer.js';
import type { EpochModel, ModelSink } from '../common/trainable.js';
import type { GpuContext } from '../../graph/gpu/device.js';
import type { DotProductEmbeddings } from '../common/scorer.js';
import { trainLightGcnEpochGpu, type GpuEpochBatch } from './gpu-epoch.js';
import { GpuLightGcn } from './gpu-model.js';
import { LightGcnModel, type LightGcnConfig } from './model.js';
import { recencyWeights, sampleWeightedPositives, weightedNormalization } from './recency.js';
import { spectralInit } from './spectral-init.js';

/**
 * LightGCN's (and MF-BPR's) epoch for the training loop: the epoch's (user, positive, negatives)
 * samples (uniform, or drawn by recency weight), batches through the model's native step, the
 * cosine learning-rate schedule; the ego table and Adam's moments as the checkpoint.
 */
export interface LightGcnTrainingOptions {
  model: LightGcnConfig;
  epochs: number;
  seed: number;
  /** How BPR triples are drawn: one per training interaction (default) or users first (official code). */
  sampling: 'interactions' | 'users';
  quiet: boolean;
  /** Continuing from a checkpoint: skip the spectral start (the checkpoint replaces it). */
  resuming: boolean;
  /** Train on this GPU (--device), or null: the native CPU kernels. */
  gpu?: GpuContext | null;
  log: (line: string) => void;
}

export class LightGcnTraining implements EpochModel {
  private readonly cpu: LightGcnModel | null = null;
  private readonly gpu: GpuLightGcn | null = null;
  /** GPU runs: the parameters read back after each epoch (evaluation and checkpoints are synchronous). */
  private gpuState: { embeddings: DotProductEmbeddings; ego: Float32Array; adam: TensorBundle } | null = null;
  private readonly positiveWeights: Float32Array | null;

  constructor(
    private readonly store: LoadedGraphStore,
    private readonly opts: LightGcnTrainingOptions,
  ) {
    const cfg = opts.model;
    const { numUsers, numItems } = store.graph;
    const rng = new Rng(opts.seed);
    let init: Float32Array | Rng = rng;
    if (cfg.init === 'svd' && !opts.resuming) {
      const t = performance.now();
      init = spectralInit(store.graph.userItems, store.graph.itemUsers, cfg.dim, cfg.initStd, rng);
      opts.log(
        `spectral initialisation (top ${cfg.dim} singular vectors) in ${((performance.now() - t) / 1000).toFixed(1)}s`,
      );
    }
    const recency = cfg.recency > 0 ? recencyWeights(store.graph, store.dataset.interactions, cfg.recency) : null;
    const graph =
      recency && cfg.recencyOn !== 'sampling'
        ? { ...store.graph, normalized: weightedNormalization(store.graph, recency) }
        : store.graph;
    this.positiveWeights = recency && cfg.recencyOn !== 'propagation' ? recency : null;
    if (recency) {
      const order = store.dataset.interactions.time
        ? 'timestamps'
        : 'input order (no timestamps; --recency 0 if the file is not in time order)';
      opts.log(`recency ${cfg.recency} on ${cfg.recencyOn}: each user's interactions ordered by ${order}`);
    }
    if (opts.gpu) this.gpu = new GpuLightGcn(opts.gpu, numUsers, numItems, cfg, graph, init);
    else this.cpu = new LightGcnModel(numUsers, numItems, cfg, graph, init);
  }

  /** The epoch's batches: uniform or recency-weighted samples, shared negatives for the softmax, the cosine schedule's rate. */
  private *batches(epoch: number): Generator<GpuEpochBatch> {
    const { model: cfg, seed, sampling } = this.opts;
    const userItems = this.store.graph.userItems;
    const epochSeed = (seed * 1_000_003 + epoch) >>> 0;
    const triples = this.positiveWeights
      ? weightedTriples(userItems, this.positiveWeights, epochSeed, cfg.loss === 'bpr' ? cfg.negatives : 0)
      : sampleBprEpoch(userItems, {
          seed: epochSeed,
          negatives: cfg.loss === 'bpr' ? cfg.negatives : 1,
          mode: sampling,
        });
    const total = triples.users.length;
    const negPer = cfg.loss === 'bpr' ? cfg.negatives : 1;
    const negRng = new Rng(epochSeed ^ 0x5bd1e995);
    for (let s = 0; s < total; s += cfg.batch) {
      const e = Math.min(total, s + cfg.batch);
      const neg =
        cfg.loss === 'bpr'
          ? triples.neg.subarray(s * negPer, e * negPer)
          : Int32Array.from({ length: cfg.negatives }, () => negRng.int(this.store.graph.numItems));
      const lr =
        cfg.lrSchedule === 'cosine'
          ? cosineLearningRate(cfg.lr, (epoch - 1 + s / total) / this.opts.epochs)
          : undefined;
      yield { users: triples.users.subarray(s, e), pos: triples.pos.subarray(s, e), neg, lr };
    }
  }

  async trainEpoch(epoch: number): Promise<number> {
    const total = this.store.graph.userItems.indptr[this.store.graph.numUsers];
    const progress = new Progress({ label: `epoch ${epoch}`, total, unit: 'samples', silent: this.opts.quiet });
    if (this.gpu) {
      const loss = await trainLightGcnEpochGpu(this.gpu, this.batches(epoch), (n) => progress.tick(n));
      progress.finish(`loss ${loss.toFixed(4)}`);
      this.gpuState = {
        embeddings: await this.gpu.embeddings(),
        ego: await this.gpu.egoValues(),
        adam: await this.gpu.optimizerState(),
      };
      return loss;
    }
    const model = this.cpu!;
    let lossSum = 0;
    let batches = 0;
    for (const batch of this.batches(epoch)) {
      if (batch.lr !== undefined) model.setLearningRate(batch.lr);
      lossSum += model.trainBatch(batch);
      batches++;
      progress.tick(batch.users.length, `loss ${(lossSum / batches).toFixed(4)}`);
    }
    progress.finish(`loss ${(lossSum / batches).toFixed(4)}`);
    return lossSum / batches;
  }

  /** The final (propagated) embeddings of the current parameters. */
  embeddings(): DotProductEmbeddings {
    if (this.cpu) return this.cpu.embeddings();
    if (!this.gpuState) throw new Error('the GPU model has not trained an epoch yet');
    return this.gpuState.embeddings;
  }

  scorer() {
    return dotProductScorer(this.embeddings());
  }

  async saveModel(sink: ModelSink, epoch: number): Promise<void> {
    const e = this.embeddings();
    const { numUsers, numItems } = this.store.graph;
    await sink.saveBundle(
      'model',
      { users: { shape: [numUsers, e.dim], data: e.users }, items: { shape: [numItems, e.dim], data: e.items } },
      { epoch, kind: 'dot-product' },
    );
  }

  checkpoint(): { tensors: TensorBundle; state: Record<string, unknown> } {
    const { numUsers, numItems } = this.store.graph;
    const shape = [numUsers + numItems, this.opts.model.dim];
    if (this.cpu)
      return { tensors: { ego: { shape, data: this.cpu.egoValues() }, ...this.cpu.optimizerState() }, state: {} };
    return { tensors: { ego: { shape, data: this.gpuState!.ego }, ...this.gpuState!.adam }, state: {} };
  }

  restore(tensors: TensorBundle): void {
    if (this.cpu) this.cpu.restore(tensors.ego.data, tensors);
    else this.gpu!.restore(tensors.ego.data, tensors);
  }

  dispose(): void {
    this.cpu?.dispose();
    this.gpu?.dispose();
  }
}

/** Positives drawn by recency weight, each with `negatives` uniform negatives outside the user's row. */
function weightedTriples(
  userItems: Csr,
  weights: Float32Array,
  seed: number,
  negatives: number,
): { users: Int32Array; pos: Int32Array; neg: Int32Array } {
  const { users, pos } = sampleWeightedPositives(userItems, weights, seed);
  const neg =
    negatives > 0 ? sampleNegatives(userItems, users, negatives, (seed ^ 0x2545f491) >>> 0) : new Int32Array(0);
  return { users, pos, neg };
}

/** Cosine decay: lr at the start of the run (progress 0), lr / 2 half way, 0 at the end (progress 1). */
export function cosineLearningRate(lr: number, progress: number): number {
  return 0.5 * lr * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
}
