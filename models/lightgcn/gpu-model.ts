/**
 * LightGCN training with everything on the GPU: the ego embeddings, Adam's moments, the normalised
 * adjacency, the layers and the gradients stay in device buffers for the whole run. A batch uploads
 * only its row indices (negatives are sampled on the CPU and streamed in) and is one submit of one
 * compute pass; nothing is read back until `takeLosses` (once per epoch) or `embeddings`.
 *
 * The same computation as models/lightgcn.ts LightGcnModel.trainBatch, in the same order:
 * value rows [final | ego] at the batch's rows (layers 1..K−1 in full, layer K only at the rows),
 * the ranking loss and its gradient (bpr-loss.ts / softmax-loss.ts), the regulariser l2/b on the
 * ego rows (loss-total.ts), the gradient of E0 (the final half scattered into a dense n x d buffer
 * and propagated back through Â, symmetric, plus the ego half), and one Adam step on all of E0.
 * Cosine scoring is not implemented here (LightGcnModel differentiates it with tfjs).
 */
import { DivergedError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Csr } from '../../graph/csr.js';
import type { TopKResult } from '../../graph/kernels/index.js';
import { defaultLayerWeights } from './layer-weights.js';
import type { LightGcnConfig } from './config.js';
import type { GpuContext } from '../../graph/gpu/device.js';
import { readFloats, storageBuffer, submitPass, uploadBuffer, writeBuffer } from '../../graph/gpu/compute.js';
import { uploadCsr, type GpuCsr } from '../../graph/gpu/csr-buffers.js';
import { GpuAdam } from '../../graph/gpu/adam.js';
import { BprLossDispatch } from '../../graph/gpu/bpr-loss.js';
import { FillDispatch } from '../../graph/gpu/elementwise.js';
import { LossTotalDispatch } from '../../graph/gpu/loss-total.js';
import { GpuPropagation, propagationScratchCount } from '../../graph/gpu/propagate.js';
import {
  GatherRowsDispatch,
  ScatterRowsDispatch,
  SpmmRowsDispatch,
  groupBatchRows,
  groupsCapacity,
  packGroups,
} from '../../graph/gpu/rows.js';
import { SoftmaxLossDispatch } from '../../graph/gpu/softmax-loss.js';
import { SpmmDispatch } from '../../graph/gpu/spmm.js';
import { GpuTopK } from '../../graph/gpu/topk.js';

/** The settings the GPU trainer uses (cosine scoring is CPU-only). */
export type GpuLightGcnConfig = Pick<
  LightGcnConfig,
  'dim' | 'layers' | 'lr' | 'l2' | 'batch' | 'loss' | 'negatives' | 'temperature' | 'logQ' | 'initStd'
> &
  Partial<Pick<LightGcnConfig, 'cosine'>>;

/** One batch as LightGcnModel.trainBatch takes it (item indices are 0-based item numbers). */
export interface GpuTrainBatch {
  users: Int32Array;
  pos: Int32Array;
  /** BPR: users.length x negatives, row-major. Softmax: `negatives` items shared by the batch. */
  neg: Int32Array;
}

export class GpuLightGcn {
  private readonly n: number;
  private readonly d: number;
  private readonly width: number;
  private readonly alphas: Float32Array;
  private readonly maxRows: number;
  private readonly a: GpuCsr;
  private readonly ego: GPUBuffer;
  private readonly gradEgo: GPUBuffer;
  private readonly dense: GPUBuffer;
  private readonly layer: GPUBuffer[];
  private readonly value: GPUBuffer;
  private readonly grad: GPUBuffer;
  private readonly rows: GPUBuffer;
  private readonly groups: GPUBuffer;
  private readonly userLoss: GPUBuffer;
  private readonly squares: GPUBuffer;
  private readonly logits: GPUBuffer;
  private readonly g0: GPUBuffer;
  private losses: GPUBuffer;
  private lossCapacity = 1024;
  private slot = 0;
  private readonly adam: GpuAdam;
  private readonly ops: {
    clearValue: FillDispatch;
    gatherEgo: GatherRowsDispatch;
    gatherEgoHalf: GatherRowsDispatch;
    layers: { spmm: SpmmDispatch; gather: GatherRowsDispatch }[];
    lastRows: SpmmRowsDispatch | null;
    bpr: BprLossDispatch;
    softmax: SoftmaxLossDispatch;
    total: LossTotalDispatch;
    clearDense: FillDispatch;
    scatterFinal: ScatterRowsDispatch;
    back: GpuPropagation;
    scatterEgo: ScatterRowsDispatch;
  };
  private readonly buffers: GPUBuffer[] = [];

  constructor(
    private readonly gpu: GpuContext,
    readonly numUsers: number,
    readonly numItems: number,
    readonly config: GpuLightGcnConfig,
    graph: { adjacency: Csr; normalized: Float32Array },
    init: Float32Array | Rng,
  ) {
    if (config.cosine) throw new RangeError('the GPU trainer does not implement cosine scoring; train it on the CPU');
    this.n = numUsers + numItems;
    this.d = config.dim;
    const { n, d } = this;
    // The same draws in the same order as LightGcnModel's normal start, so both start equal from one seed.
    if (!(init instanceof Float32Array))
      init = Float32Array.from({ length: n * d }, () => (init as Rng).normal() * config.initStd);
    if (init.length !== n * d) throw new RangeError(`initial embeddings have ${init.length} values, expected ${n * d}`);
    if (graph.adjacency.rows !== n)
      throw new RangeError(`the adjacency has ${graph.adjacency.rows} rows, expected users + items = ${n}`);
    const K = config.layers;
    this.alphas = defaultLayerWeights(K);
    this.width = K > 0 ? 2 * d : d;
    const b = config.batch;
    this.maxRows = config.loss === 'bpr' ? b * (2 + config.negatives) : 2 * b + config.negatives;
    const nd = n * d * 4;
    const make = (bytes: number, label: string) => {
      const buffer = storageBuffer(gpu, bytes, label);
      this.buffers.push(buffer);
      return buffer;
    };
    this.a = uploadCsr(gpu, { ...graph.adjacency, values: graph.normalized }, 'adjacency');
    this.ego = uploadBuffer(gpu, init, 'ego');
    this.buffers.push(this.ego);
    this.gradEgo = make(nd, 'ego gradient');
    this.dense = make(nd, 'dense gradient');
    this.layer = Array.from({ length: Math.max(propagationScratchCount(K), Math.min(Math.max(K - 1, 0), 2)) }, (_, i) =>
      make(nd, `layer ${i}`),
    );
    this.value = make(this.maxRows * this.width * 4, 'batch rows');
    this.grad = make(this.maxRows * this.width * 4, 'batch row gradients');
    this.rows = make(this.maxRows * 4, 'batch row indices');
    this.groups = make(groupsCapacity(this.maxRows) * 4, 'batch row groups');
    this.userLoss = make(b * 4, 'per-user loss');
    this.squares = make(this.maxRows * 4, 'ego squares');
    this.logits = make(config.loss === 'softmax' ? b * config.negatives * 4 : 4, 'logits');
    this.g0 = make(b * 4, 'positive logit gradient');
    this.losses = storageBuffer(gpu, this.lossCapacity * 4, 'batch losses');
    this.adam = new GpuAdam(gpu, n * d, this.ego, this.gradEgo, make(nd, 'adam m'), make(nd, 'adam v'), {
      lr: config.lr,
    });

    let prev = this.ego;
    const layers = [];
    for (let k = 1; k < K; k++) {
      const next = this.layer[(k - 1) % 2];
      layers.push({
        spmm: new SpmmDispatch(gpu, this.a, prev, next),
        gather: new GatherRowsDispatch(gpu, next, this.rows, this.value),
      });
      prev = next;
    }
    this.ops = {
      clearValue: new FillDispatch(gpu, this.value),
      gatherEgo: new GatherRowsDispatch(gpu, this.ego, this.rows, this.value),
      // A second binding for the ego half: a dispatch's parameters hold for the whole submit.
      gatherEgoHalf: new GatherRowsDispatch(gpu, this.ego, this.rows, this.value),
      layers,
      lastRows: K > 0 ? new SpmmRowsDispatch(gpu, this.a, prev, this.rows, this.value) : null,
      bpr: new BprLossDispatch(gpu, this.value, this.grad, this.userLoss),
      softmax: new SoftmaxLossDispatch(gpu, this.value, this.grad, this.logits, this.g0, this.userLoss),
      total: new LossTotalDispatch(gpu, this.value, this.grad, this.userLoss, this.squares, this.losses),
      clearDense: new FillDispatch(gpu, this.dense),
      scatterFinal: new ScatterRowsDispatch(gpu, this.grad, this.groups, this.dense),
      back: new GpuPropagation(gpu, this.a, this.dense, this.gradEgo, this.layer, this.alphas),
      scatterEgo: new ScatterRowsDispatch(gpu, this.grad, this.groups, this.gradEgo),
    };
  }

  /** Queues one optimiser step; its loss is read later by `takeLosses`. */
  trainBatch(batch: GpuTrainBatch): void {
    const { numUsers, numItems, config, d, width, alphas } = this;
    const b = batch.users.length;
    if (batch.pos.length !== b) throw new RangeError(`a batch of ${b} users has ${batch.pos.length} positives`);
    if (b > config.batch) throw new RangeError(`a batch of ${b} exceeds the configured batch size ${config.batch}`);
    const k = config.loss === 'bpr' ? (b === 0 ? 0 : batch.neg.length / b) : batch.neg.length;
    if (config.loss === 'bpr' ? !(Number.isInteger(k) && k <= config.negatives) : k > config.negatives) {
      throw new RangeError(
        `${batch.neg.length} negatives do not fit the configured ${config.negatives} ${config.loss === 'bpr' ? 'per user' : 'per batch'}`,
      );
    }
    if (b === 0) return;
    const rowCount = 2 * b + batch.neg.length;
    const rows = new Int32Array(rowCount);
    for (let i = 0; i < b; i++) {
      if (!(batch.users[i] >= 0 && batch.users[i] < numUsers))
        throw new RangeError(`users[${i}] = ${batch.users[i]} is outside 0..${numUsers - 1}`);
      rows[i] = batch.users[i];
    }
    const items = [batch.pos, batch.neg];
    for (let part = 0, at = b; part < 2; part++) {
      for (const item of items[part]) {
        if (!(item >= 0 && item < numItems)) throw new RangeError(`item index ${item} is outside 0..${numItems - 1}`);
        rows[at++] = numUsers + item;
      }
    }
    const groups = groupBatchRows(rows);
    writeBuffer(this.gpu, this.rows, rows);
    writeBuffer(this.gpu, this.groups, packGroups(groups));
    const distinct = groups.targets.length;
    if (this.slot === this.lossCapacity) this.growLosses();
    const slot = this.slot++;
    const K = config.layers;
    const ops = this.ops;
    const logQ = config.loss === 'softmax' && config.logQ ? Math.log(k / numItems) : 0;
    submitPass(this.gpu, (pass) => {
      // Forward: [final | ego] at the batch rows.
      ops.clearValue.encode(pass, rowCount * width);
      ops.gatherEgo.encode(pass, rowCount, d, width, 0, alphas[0]);
      for (let l = 0; l < ops.layers.length; l++) {
        ops.layers[l].spmm.encode(pass, d);
        ops.layers[l].gather.encode(pass, rowCount, d, width, 0, alphas[l + 1]);
      }
      ops.lastRows?.encode(pass, rowCount, d, width, 0, alphas[K]);
      if (K > 0) ops.gatherEgoHalf.encode(pass, rowCount, d, width, d, 1);
      // Loss, gradient rows, regulariser, the batch's total into its slot.
      if (config.loss === 'bpr') ops.bpr.encode(pass, b, k, d, width);
      else ops.softmax.encode(pass, b, k, d, width, config.temperature, logQ);
      ops.total.encode(
        pass,
        b,
        rowCount,
        d,
        width,
        K > 0 ? d : 0,
        config.l2,
        config.loss === 'bpr' ? 1 / (b * k) : 1 / b,
        slot,
      );
      // Backward: Σ_k α_k Â^k G for the final half (Â symmetric), plus the ego half; then Adam.
      ops.clearDense.encode(pass, this.n * d);
      ops.scatterFinal.encode(pass, distinct, d, width, 0, 1);
      ops.back.encode(pass, d);
      if (K > 0) ops.scatterEgo.encode(pass, distinct, d, width, d, 1);
      this.adam.encode(pass);
    });
  }

  /** Doubles the loss slots (an epoch with more batches than read-backs so far). */
  private growLosses(): void {
    const bigger = storageBuffer(this.gpu, this.lossCapacity * 2 * 4, 'batch losses');
    const encoder = this.gpu.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.losses, 0, bigger, 0, this.lossCapacity * 4);
    this.gpu.device.queue.submit([encoder.finish()]);
    this.ops.total.destroy();
    this.losses.destroy();
    this.losses = bigger;
    this.lossCapacity *= 2;
    this.ops.total = new LossTotalDispatch(this.gpu, this.value, this.grad, this.userLoss, this.squares, this.losses);
  }

  /** The losses of the batches queued since the last call (one read-back); throws if training diverged. */
  async takeLosses(): Promise<Float32Array> {
    const losses = await readFloats(this.gpu, this.losses, this.slot);
    this.slot = 0;
    for (const l of losses) if (!Number.isFinite(l)) throw new DivergedError(`training diverged: a batch loss is ${l}`);
    return losses;
  }

  setLearningRate(lr: number): void {
    this.adam.lr = lr;
  }

  /** Propagates E0 into `out` (n x d) on the device, using the backward buffers as scratch. */
  private propagateInto(out: GPUBuffer): void {
    const op = new GpuPropagation(this.gpu, this.a, this.ego, out, this.layer, this.alphas);
    submitPass(this.gpu, (pass) => op.encode(pass, this.d));
    op.destroy();
  }

  /** Final (propagated) embeddings split into users and items, as LightGcnModel.embeddings. */
  async embeddings(): Promise<{ dim: number; users: Float32Array; items: Float32Array }> {
    this.propagateInto(this.dense);
    const data = await readFloats(this.gpu, this.dense, this.n * this.d);
    const split = this.numUsers * this.d;
    return { dim: this.d, users: data.slice(0, split), items: data.slice(split) };
  }

  /**
   * Top-k items per listed user on the final embeddings without reading them back (evaluation and
   * serving): `seen` (and `exclude2`) masked, ties to the lower item, as graph/kernels.ts topKScores.
   */
  async topK(users: Int32Array, seen: Csr | null, k: number, exclude2: Csr | null = null): Promise<TopKResult> {
    if (users.length === 0 || k === 0)
      return { items: new Int32Array(users.length * k), scores: new Float32Array(users.length * k) };
    const { d, numUsers, numItems } = this;
    const userPart = storageBuffer(this.gpu, numUsers * d * 4, 'final users');
    const itemPart = storageBuffer(this.gpu, numItems * d * 4, 'final items');
    this.propagateInto(this.dense);
    const encoder = this.gpu.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.dense, 0, userPart, 0, numUsers * d * 4);
    if (numItems > 0) encoder.copyBufferToBuffer(this.dense, numUsers * d * 4, itemPart, 0, numItems * d * 4);
    this.gpu.device.queue.submit([encoder.finish()]);
    const ranker = new GpuTopK(this.gpu, userPart, itemPart, numUsers, numItems, d, k, seen, exclude2);
    try {
      return await ranker.run(users);
    } finally {
      ranker.destroy();
      userPart.destroy();
      itemPart.destroy();
    }
  }

  async egoValues(): Promise<Float32Array> {
    return readFloats(this.gpu, this.ego, this.n * this.d);
  }

  /** Adam's moments and step count under LightGcnModel's checkpoint names (adam:iter, adam:ego/m, adam:ego/v). */
  async optimizerState(): Promise<Record<string, { shape: number[]; data: Float32Array }>> {
    const shape = [this.n, this.d];
    return {
      'adam:iter': { shape: [], data: Float32Array.of(this.adam.iterations) },
      'adam:ego/m': { shape, data: await readFloats(this.gpu, this.adam.m, this.n * this.d) },
      'adam:ego/v': { shape, data: await readFloats(this.gpu, this.adam.v, this.n * this.d) },
    };
  }

  /** Restores E0 and (when present) Adam's state, as LightGcnModel.restore. */
  restore(ego: Float32Array, adam: Record<string, { data: Float32Array }>): void {
    if (ego.length !== this.n * this.d)
      throw new Error(`the checkpoint has ${ego.length} embedding values, expected ${this.n * this.d}`);
    writeBuffer(this.gpu, this.ego, ego);
    const [m, v, iter] = [adam['adam:ego/m'], adam['adam:ego/v'], adam['adam:iter']];
    if (m === undefined || v === undefined || iter === undefined) return;
    writeBuffer(this.gpu, this.adam.m, m.data);
    writeBuffer(this.gpu, this.adam.v, v.data);
    this.adam.iterations = iter.data[0];
  }

  dispose(): void {
    const o = this.ops;
    for (const op of [
      o.clearValue,
      o.gatherEgo,
      o.gatherEgoHalf,
      o.lastRows,
      o.bpr,
      o.softmax,
      o.total,
      o.clearDense,
      o.scatterFinal,
      o.back,
      o.scatterEgo,
      this.adam,
    ])
      op?.destroy();
    for (const l of o.layers) (l.spmm.destroy(), l.gather.destroy());
    for (const b of [...this.buffers, this.losses]) b.destroy();
    this.a.destroy();
  }
}
