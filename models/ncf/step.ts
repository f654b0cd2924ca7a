import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../core/errors.js';
import type { NcfNetwork, TableInfo } from './network.js';
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

interface HeadParam {
  variable: tf.Variable;
  block: ParamBlock;
}

export class NcfTrainer {
  readonly tables: TableParam[];
  private readonly head: HeadParam[];
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
    this.head = net.headVariables().map((variable) => ({
      variable,
      block: new ParamBlock(variable.dataSync().slice() as Float32Array, 1, cfg.optimizer),
    }));
  }

  get learningRate(): number {
    return this.settings.lr;
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0)) throw new RangeError(`learning rate must be positive, got ${lr}`);
    this.settings.lr = lr;
  }

  /** One optimiser step on (users[k], items[k]) with targets (0/1 labels or ratings); returns the loss. */
  trainBatch(users: Int32Array, items: Int32Array, targets: Float32Array): number {
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
    const { value, grads } = tf.variableGrads(
      () => dataLoss(this.net.forward(rows), y, objective),
      [...this.head.map((h) => h.variable), ...rowVars.map((r) => r.variable)],
    );
    const loss = value.dataSync()[0];
    this.step++;
    for (const h of this.head) {
      h.block.updateAll(grads[h.variable.name].dataSync() as Float32Array, this.settings, this.step);
      tf.tidy(() => h.variable.assign(tf.tensor(h.block.data, h.variable.shape)));
    }
    const l2PerUse = this.cfg.l2 / b;
    for (const { table, variable } of rowVars) {
      table.block.updateRows(
        idxOf(table.info),
        grads[variable.name].dataSync() as Float32Array,
        l2PerUse,
        this.settings,
        this.step,
      );
    }
    tf.dispose([value, y, ...Object.values(grads), ...Object.values(rows)]);
    const total = loss + (0.5 * this.cfg.l2 * regSum) / b;
    if (!Number.isFinite(total)) throw new DivergedError(`training diverged: loss is ${total}`);
    return total;
  }

  /** Writes the trained tables into the network's Embedding layers (before scoring or saving). */
  syncToNetwork(): void {
    for (const { info, block } of this.tables) this.net.setTableValues(info.name, block.data);
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
    this.head.forEach((h, k) => add(`head:${k}`, h.block));
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
    this.head.forEach((h, k) => {
      take(`head:${k}`, h.block);
      tf.tidy(() => h.variable.assign(tf.tensor(h.block.data, h.variable.shape)));
    });
    this.step = step;
    this.setLearningRate(lr);
    this.syncToNetwork();
  }
}

function dataLoss(output: tf.Tensor2D, y: tf.Tensor2D, objective: NcfObjective): tf.Scalar {
  if (objective === 'rating') return tf.mean(tf.square(tf.sub(output, y))) as tf.Scalar;
  // BCE on logits: softplus(z) − y·z (stable for large |z|).
  return tf.mean(tf.sub(tf.softplus(output), tf.mul(y, output))) as tf.Scalar;
}
