import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../core/errors.js';
import type { NcfHead, NcfNetwork, TableInfo } from './network.js';
import type { NcfObjective } from './spec.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import { ADAM_DEFAULTS, ParamBlock, type OptimizerKind, type OptimizerSettings } from './optimizer.js';

/**
 * One NCF training step: the batch's embedding rows are gathered from plain arrays, the network's
 * head runs forward and backward in tfjs (gradients for the head weights and for the gathered
 * rows), and the optimiser updates the head and only the touched rows (ncf-optimizer.ts).
 *
 * Loss: implicit = binary cross-entropy on logits (label 1 for a positive, 0 for a sampled
 * negative); rating = squared error. Both averaged over the batch, plus L2 (weight decay) of
 * (l2 / 2)·‖row‖² for every embedding row an example uses, averaged likewise; the dense head is not
 * regularised (the NCF paper trains it without).
 *
 * The parameters of record are the optimiser's plain arrays. The step runs the network's own head,
 * or a copy on another tfjs backend (`runOn`: the WebGPU backend, which can only read tensors back
 * asynchronously, hence the async step); `syncToNetwork` writes the arrays into the network.
 */
export interface NcfStepConfig {
  objective: NcfObjective;
  optimizer: OptimizerKind;
  lr: number;
  l2: number;
}

interface TableParam {
  info: TableInfo;
  block: ParamBlock;
}

export class NcfTrainer {
  readonly tables: TableParam[];
  /** The head's parameters, in the order of NcfNetwork.headVariables(). */
  private readonly head: ParamBlock[];
  /** The head the step runs (the network's own unless runOn gave another). */
  private stepHead: NcfHead;
  private readonly settings: OptimizerSettings;
  /** Optimiser steps taken (Adam's bias correction). */
  step = 0;

  constructor(
    readonly net: NcfNetwork,
    private readonly cfg: NcfStepConfig,
  ) {
    this.settings = { kind: cfg.optimizer, lr: cfg.lr, ...ADAM_DEFAULTS };
    this.tables = net.tables.map((info) => ({
      info,
      block: new ParamBlock(net.tableValues(info.name), info.width, cfg.optimizer),
    }));
    const variables = net.headVariables();
    this.head = variables.map((v) => new ParamBlock(v.dataSync().slice() as Float32Array, 1, cfg.optimizer));
    this.stepHead = { forward: (rows) => net.forward(rows), variables };
  }

  /** Runs the following steps on `head` (a copy of the network's head) after setting it to the parameters. */
  runOn(head: NcfHead): void {
    this.stepHead = head;
    this.head.forEach((block, k) => assignBlock(head.variables[k], block));
  }

  get learningRate(): number {
    return this.settings.lr;
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0)) throw new RangeError(`learning rate must be positive, got ${lr}`);
    this.settings.lr = lr;
  }

  /** One optimiser step on (users[k], items[k]) with targets (0/1 labels or ratings); resolves to the loss. */
  async trainBatch(users: Int32Array, items: Int32Array, targets: Float32Array): Promise<number> {
    const b = users.length;
    if (items.length !== b || targets.length !== b)
      throw new RangeError(`batch has ${b} users, ${items.length} items, ${targets.length} targets`);
    const idxOf = (t: TableInfo) => (t.side === 'user' ? users : items);
    let regSum = 0;
    const rows: Record<string, tf.Tensor2D> = {};
    const rowVars: { table: TableParam; variable: tf.Variable }[] = [];
    for (const table of this.tables) {
      const data = table.block.gather(idxOf(table.info));
      if (this.cfg.l2 > 0 && table.info.trainable) for (let j = 0; j < data.length; j++) regSum += data[j] * data[j];
      const tensor = tf.tensor2d(data, [b, table.info.width]);
      if (table.info.trainable) {
        const variable = tf.variable(tensor, true);
        tensor.dispose();
        rowVars.push({ table, variable });
        rows[table.info.name] = variable as tf.Variable<tf.Rank.R2>;
      } else {
        rows[table.info.name] = tensor;
      }
    }
    const y = tf.tensor2d(targets, [b, 1]);
    const objective = this.cfg.objective;
    const head = this.stepHead.variables;
    const { value, grads } = tf.variableGrads(
      () => dataLoss(this.stepHead.forward(rows), y, objective),
      [...head, ...rowVars.map((r) => r.variable)],
    );
    try {
      const [loss, headGrads, rowGrads] = await Promise.all([
        value.data(),
        Promise.all(head.map((v) => grads[v.name].data() as Promise<Float32Array>)),
        Promise.all(rowVars.map((r) => grads[r.variable.name].data() as Promise<Float32Array>)),
      ]);
      this.step++;
      this.head.forEach((block, k) => {
        block.updateAll(headGrads[k], this.settings, this.step);
        assignBlock(head[k], block);
      });
      const l2PerUse = this.cfg.l2 / b;
      rowVars.forEach(({ table }, k) =>
        table.block.updateRows(idxOf(table.info), rowGrads[k], l2PerUse, this.settings, this.step),
      );
      const total = loss[0] + (0.5 * this.cfg.l2 * regSum) / b;
      if (!Number.isFinite(total)) throw new DivergedError(`training diverged: loss is ${total}`);
      return total;
    } finally {
      tf.dispose([value, y, ...Object.values(grads), ...Object.values(rows)]);
    }
  }

  /** Writes the trained parameters into the network (before scoring or saving). */
  syncToNetwork(): void {
    for (const { info, block } of this.tables) this.net.setTableValues(info.name, block.data);
    const variables = this.net.headVariables();
    this.head.forEach((block, k) => assignBlock(variables[k], block));
  }

  /** Parameters and moments, for checkpoints. */
  checkpointTensors(): TensorBundle {
    const out: TensorBundle = {};
    const add = (key: string, block: ParamBlock) => {
      out[key] = { shape: [block.data.length], data: block.data };
      if (block.m) out[`${key}:m`] = { shape: [block.data.length], data: block.m };
      if (block.v) out[`${key}:v`] = { shape: [block.data.length], data: block.v };
    };
    for (const t of this.tables) add(`table:${t.info.name}`, t.block);
    this.head.forEach((block, k) => add(`head:${k}`, block));
    return out;
  }

  /** Restores what checkpointTensors saved (same network layout and optimiser). */
  restore(tensors: TensorBundle, step: number, lr: number): void {
    const take = (key: string, block: ParamBlock) => {
      for (const [suffix, target] of [
        ['', block.data],
        [':m', block.m],
        [':v', block.v],
      ] as const) {
        if (target === null) continue;
        const t = tensors[`${key}${suffix}`];
        if (t === undefined || t.data.length !== target.length)
          throw new Error(`checkpoint lacks ${key}${suffix} (or its size differs)`);
        target.set(t.data);
      }
    };
    for (const t of this.tables) take(`table:${t.info.name}`, t.block);
    this.head.forEach((block, k) => take(`head:${k}`, block));
    this.step = step;
    this.setLearningRate(lr);
    this.syncToNetwork(); // a head copy is set again by the next runOn
  }
}

function assignBlock(variable: tf.Variable, block: ParamBlock): void {
  tf.tidy(() => variable.assign(tf.tensor(block.data, variable.shape)));
}

function dataLoss(output: tf.Tensor2D, y: tf.Tensor2D, objective: NcfObjective): tf.Scalar {
  if (objective === 'rating') return tf.mean(tf.square(tf.sub(output, y))) as tf.Scalar;
  // BCE on logits: softplus(z) − y·z (stable for large |z|).
  return tf.mean(tf.sub(tf.softplus(output), tf.mul(y, output))) as tf.Scalar;
}
