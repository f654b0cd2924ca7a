import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { onBackend, tfjsDevice } from '../../models/common/tfjs-webgpu.js';
import { NcfNetwork } from '../../models/ncf/network.js';
import type { NcfKind, NcfObjective, NcfSpec } from '../../models/ncf/spec.js';
import { NcfTrainer } from '../../models/ncf/step.js';
import { AttentionHead } from '../../models/hybrid/attention-head.js';
import { trainHeadEpoch, type HeadLoss, type HeadTrainingData } from '../../models/hybrid/head-training.js';
import { Rng } from '../../core/rng.js';
import { MultVae } from '../../models/multvae/multvae.js';
import { ContentTower } from '../../models/hybrid/content-tower.js';
import { embeddingBag, padToPowerOfTwo } from '../../models/common/embedding-bag.js';
import { MULTVAE_PAPER } from '../../models/multvae/config.js';
import { noGpu } from '../graph/gpu-fixture.js';

/**
 * The tfjs models' training on tfjs's WebGPU backend against the same training on the CPU backend,
 * on the software adapter: the NCF step (a copy of the head there, the optimiser on the host), the
 * hybrid's head epoch, its content tower's training and Mult-VAE's (a copy of the model and
 * Adam's moments there). Odd sizes throughout.
 */
const spec = (kind: NcfKind, objective: NcfObjective): NcfSpec => ({
  kind,
  numUsers: 7,
  numItems: 11,
  dim: 5,
  layers: [10, 6, 3],
  biases: true,
  objective,
  initStd: 0.3,
  globalMean: objective === 'rating' ? 3.1 : 0,
  seed: 9,
});

const users = Int32Array.of(0, 1, 1, 4, 2, 6, 3, 5, 1, 0, 6, 2, 4);
const items = Int32Array.of(2, 2, 10, 0, 2, 7, 3, 9, 2, 5, 1, 8, 10);
const labels = Float32Array.of(1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1);
const ratings = Float32Array.of(4, 2.5, 5, 1, 3, 3.5, 4.5, 2, 4, 1.5, 3, 5, 2.5);

/** The trained parameters after `steps` Adam steps, and each step's loss. */
async function train(kind: NcfKind, objective: NcfObjective, steps: number, backend: string | null) {
  const net = NcfNetwork.build(spec(kind, objective));
  const trainer = new NcfTrainer(net, { objective, optimizer: 'adam', lr: 0.05, l2: 0.01 });
  const targets = objective === 'rating' ? ratings : labels;
  const losses: number[] = [];
  const run = async () => {
    for (let k = 0; k < steps; k++) losses.push(await trainer.trainBatch(users, items, targets));
  };
  if (backend === null) await run();
  else {
    const copy = await onBackend(backend, async () => {
      const held = tf.findBackend(backend)!.numDataIds();
      const head = net.headCopy();
      trainer.runOn(head);
      await run();
      // The head's copy lives on the GPU backend (one buffer per weight at least).
      expect(tf.findBackend(backend)!.numDataIds() - held).toBeGreaterThanOrEqual(head.variables.length);
      return head;
    });
    copy.dispose();
  }
  trainer.syncToNetwork();
  const weights = new Map(net.model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
  net.dispose();
  return { losses, weights };
}

let gpuBackend: string | null = null;
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  if (!noGpu) gpuBackend = (await tfjsDevice('gpu')).gpuBackend;
});

describe.skipIf(noGpu)('NCF training step on tfjs WebGPU (software adapter)', () => {
  for (const [kind, objective] of [
    ['mf', 'rating'],
    ['gmf', 'implicit'],
    ['mlp', 'implicit'],
    ['neumf', 'implicit'],
    ['neumf', 'rating'],
  ] as const) {
    it(`${kind} (${objective}): 6 Adam steps give the CPU backend's losses and parameters`, async () => {
      const cpu = await train(kind, objective, 6, null);
      const gpu = await train(kind, objective, 6, gpuBackend!);
      expect(tf.getBackend()).toBe('wasm'); // the switch is undone
      gpu.losses.forEach((loss, k) => expect(loss, `step ${k + 1}`).toBeCloseTo(cpu.losses[k], 4));
      for (const [name, values] of cpu.weights) {
        const theirs = gpu.weights.get(name)!;
        const diff = values.reduce((m, x, k) => Math.max(m, Math.abs(x - theirs[k])), 0);
        expect(diff, name).toBeLessThan(1e-4);
      }
      // The parameters moved: a check that compares two untouched networks would pass vacuously.
      expect(cpu.losses[5]).not.toBeCloseTo(cpu.losses[0], 3);
    });
  }

  it('names the adapter in the device line, and --device cpu stays on the CPU backend', async () => {
    const gpu = await tfjsDevice('gpu');
    expect(gpu.gpuBackend).toBe('webgpu');
    expect(gpu.line).toMatch(/^device: gpu: .+ adapter.*; tfjs backend webgpu/);
    expect(await tfjsDevice('cpu')).toEqual({ gpuBackend: null, line: 'device: cpu (requested with --device cpu)' });
  });
});

/** Five users (one with no history), 13 items, width 5, histories of up to 4. */
function headData(): HeadTrainingData {
  const rng = new Rng(4);
  const dim = 5;
  const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.5);
  const histories = { indptr: Int32Array.of(0, 3, 4, 4, 8, 10), items: Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9) };
  const seen = { rows: 5, cols: 13, indptr: histories.indptr, indices: histories.items, values: null };
  return {
    dim,
    users: rand(5 * dim),
    items: rand(13 * dim),
    histories,
    positives: {
      rows: 5,
      cols: 13,
      indptr: Int32Array.of(0, 2, 3, 5, 6, 7),
      indices: Int32Array.of(10, 11, 12, 10, 12, 11, 12),
      values: null,
    },
    known: [seen],
    retrieved: Int32Array.from({ length: 5 * 6 }, (_, i) => 7 + (i % 6)),
    retrievedPerUser: 6,
    communities: null,
  };
}

/** Each epoch's loss and the final weights of 3 head epochs, on the CPU backend or a copy on `backend`. */
async function trainHead(loss: HeadLoss, backend: string | null) {
  const data = headData();
  const config = { dim: data.dim, hidden: [6, 3], positions: 3 };
  const head = new AttentionHead(config, new Rng(8));
  const settings = {
    batch: 3,
    lr: 0.02,
    l2: 1e-3,
    randomNegatives: 2,
    hardNegatives: 1,
    communityNegatives: 1,
    samplesPerEpoch: 0,
    loss,
  };
  const optimizer = tf.train.adam(settings.lr);
  const losses: number[] = [];
  let weights;
  if (backend === null) {
    for (let e = 0; e < 3; e++) losses.push(await trainHeadEpoch(head, optimizer, data, settings, new Rng(20 + e)));
    weights = head.toBundle();
  } else {
    weights = await onBackend(backend, async () => {
      const copy = new AttentionHead(config, head.toBundle());
      for (let e = 0; e < 3; e++) losses.push(await trainHeadEpoch(copy, optimizer, data, settings, new Rng(20 + e)));
      const read = await copy.readBundle();
      copy.dispose();
      return read;
    });
  }
  optimizer.dispose();
  head.dispose();
  return { losses, weights };
}

describe.skipIf(noGpu)('the hybrid head on tfjs WebGPU (software adapter)', () => {
  it.each(['bce', 'softmax'] as const)('3 epochs (%s) give the CPU backend’s losses and weights', async (loss) => {
    const cpu = await trainHead(loss, null);
    const gpu = await trainHead(loss, gpuBackend!);
    expect(tf.getBackend()).toBe('wasm');
    gpu.losses.forEach((l, e) => expect(l, `epoch ${e + 1}`).toBeCloseTo(cpu.losses[e], 4));
    for (const [name, t] of Object.entries(cpu.weights)) {
      // The softmax is blind to a shift of a whole row, so bOut's gradient there is rounding noise,
      // which Adam scales up to full steps: it drifts differently on each backend, ranking nothing.
      if (loss === 'softmax' && name === 'head.bOut') continue;
      const theirs = gpu.weights[name].data;
      const diff = t.data.reduce((m, x, k) => Math.max(m, Math.abs(x - theirs[k])), 0);
      expect(diff, name).toBeLessThan(1e-4);
    }
    expect(cpu.losses[2]).not.toBeCloseTo(cpu.losses[0], 3);
  });
});

describe.skipIf(noGpu)('Mult-VAE on tfjs WebGPU (software adapter)', () => {
  it('2 epochs give the CPU backend’s losses and weights (input dropout and noise drawn on the host)', async () => {
    const rng = new Rng(6);
    const users = 23;
    const numItems = 37;
    const rows = Array.from({ length: users }, (_, u) =>
      u === 4
        ? []
        : [...new Set(Array.from({ length: 2 + rng.int(9) }, () => rng.int(numItems)))].sort((a, b) => a - b),
    );
    const indptr = new Int32Array(users + 1);
    rows.forEach((r, u) => (indptr[u + 1] = indptr[u] + r.length));
    const csr = { rows: users, cols: numItems, indptr, indices: Int32Array.from(rows.flat()), values: null };
    const config = { ...MULTVAE_PAPER, numItems, hidden: 11, latent: 5, batch: 7, annealSteps: 5, lr: 5e-3, seed: 3 };
    const cpu = new MultVae(config);
    const cpuLosses = [await cpu.trainEpoch(csr, new Rng(9)), await cpu.trainEpoch(csr, new Rng(10))];
    const start = new MultVae(config);
    const gpu = await onBackend(gpuBackend!, async () => {
      const copy = new MultVae(config, await start.values(), start.step);
      const losses = [await copy.trainEpoch(csr, new Rng(9)), await copy.trainEpoch(csr, new Rng(10))];
      const values = await copy.values();
      const step = copy.step;
      copy.dispose();
      return { losses, values, step };
    });
    expect(tf.getBackend()).toBe('wasm');
    gpu.losses.forEach((l, e) => expect(l, `epoch ${e + 1}`).toBeCloseTo(cpuLosses[e], 3));
    expect(gpu.step).toBe(cpu.step);
    const want = await cpu.values();
    for (const [name, values] of Object.entries(want)) {
      const theirs = gpu.values[name as keyof typeof want];
      const diff = values.reduce((m, x, k) => Math.max(m, Math.abs(x - theirs[k])), 0);
      expect(diff, name).toBeLessThan(1e-4);
    }
    expect(cpuLosses[1]).not.toBeCloseTo(cpuLosses[0], 2);
    cpu.dispose();
    start.dispose();
  });
});

describe.skipIf(noGpu)('the content tower on tfjs WebGPU (software adapter)', () => {
  it('4 epochs give the CPU backend’s losses and weights (one node without features)', async () => {
    const rng = new Rng(12);
    // 11 nodes over 3 features (node 6 has none), anchored on 3 users of width 5.
    const rows = [[0], [0, 2], [1], [1, 2], [2], [0, 1], [], [0], [1], [2], [0, 1, 2]];
    const indptr = new Int32Array(rows.length + 1);
    rows.forEach((r, n) => (indptr[n + 1] = indptr[n] + r.length));
    const content = {
      vocabulary: ['a', 'b', 'c'],
      numeric: [false, false, false],
      indptr,
      indices: Int32Array.from(rows.flat()),
      values: Float32Array.from(rows.flat(), () => 0.5 + rng.next()),
      meta: {},
    };
    const anchors = Float32Array.from({ length: 3 * 5 }, () => rng.normal());
    const pairs = {
      anchor: Int32Array.from({ length: 17 }, (_, k) => k % 3),
      node: Int32Array.from({ length: 17 }, (_, k) => (k * 7) % 11),
    };
    const config = { dim: 5, lr: 0.05, l2: 1e-3, batch: 4, negatives: 3, epochs: 4, temperature: 0.5, cosine: true };
    const cpu = new ContentTower(content, config, new Rng(3));
    const start = cpu.weights.dataSync().slice() as Float32Array;
    const cpuLosses = await cpu.train(anchors, pairs, new Rng(4));
    const gpu = await onBackend(gpuBackend!, async () => {
      const copy = new ContentTower(content, config, start);
      const losses = await copy.train(anchors, pairs, new Rng(4));
      const weights = (await copy.weights.data()) as Float32Array;
      copy.dispose();
      return { losses, weights };
    });
    expect(tf.getBackend()).toBe('wasm');
    gpu.losses.forEach((l, e) => expect(l, `epoch ${e + 1}`).toBeCloseTo(cpuLosses[e], 4));
    const want = cpu.weights.dataSync() as Float32Array;
    expect(want.reduce((m, x, k) => Math.max(m, Math.abs(x - gpu.weights[k])), 0)).toBeLessThan(1e-4);
    expect(cpuLosses[3]).not.toBeCloseTo(cpuLosses[0], 3);
    cpu.dispose();
  });
});

describe('the sparse input on tfjs WebGPU', () => {
  it('pads a bag to a power of two with entries that add nothing', () => {
    const bag = { feat: Int32Array.of(3, 1, 2), val: Float32Array.of(0.5, 2, 1), seg: Int32Array.of(0, 1, 1), rows: 2 };
    const padded = padToPowerOfTwo(bag);
    expect(Array.from(padded.feat)).toEqual([3, 1, 2, 0]);
    expect(Array.from(padded.val)).toEqual([0.5, 2, 1, 0]);
    expect(Array.from(padded.seg)).toEqual([0, 1, 1, 0]);
    const four = { ...bag, feat: Int32Array.of(1, 2, 3, 4), val: new Float32Array(4), seg: new Int32Array(4) };
    expect(padToPowerOfTwo(four)).toBe(four);
  });

  it.skipIf(noGpu)(
    'gives the CPU path’s values and gradients, and batches of changing size stop growing the backend’s buffer pool',
    async () => {
      const rng = new Rng(15);
      const w = tf.tensor2d(
        Float32Array.from({ length: 50 * 7 }, () => rng.normal()),
        [50, 7],
      );
      const bagOf = (nnz: number, rows: number) => ({
        feat: Int32Array.from({ length: nnz }, () => rng.int(50)),
        val: Float32Array.from({ length: nnz }, () => rng.normal()),
        seg: Int32Array.from({ length: nnz }, () => rng.int(rows)),
        rows,
      });
      const valueAndGrad = (bag: ReturnType<typeof bagOf>) =>
        tf.tidy(() => {
          const dy = tf.tensor2d(
            Float32Array.from({ length: bag.rows * 7 }, (_, k) => Math.sin(k)),
            [bag.rows, 7],
          );
          const f = (x: tf.Tensor) => tf.sum(tf.mul(embeddingBag(x as tf.Tensor2D, bag), dy));
          return [Array.from(embeddingBag(w, bag).dataSync()), Array.from(tf.grad(f)(w).dataSync())];
        });
      const bag = bagOf(37, 5);
      const cpu = valueAndGrad(bag);
      const gpu = await onBackend(gpuBackend!, async () => {
        const t = tf.tidy(() => {
          const dy = tf.tensor2d(
            Float32Array.from({ length: bag.rows * 7 }, (_, k) => Math.sin(k)),
            [bag.rows, 7],
          );
          const f = (x: tf.Tensor) => tf.sum(tf.mul(embeddingBag(x as tf.Tensor2D, bag), dy));
          return [embeddingBag(w, bag), tf.grad(f)(w)];
        });
        const read = [Array.from(await t[0].data()), Array.from(await t[1].data())];
        tf.dispose(t);
        // Many batches, each of another size: the pool settles on a few sizes.
        const pool = () => tf.findBackend(gpuBackend!) as unknown as { bufferManager: { numBytesAllocated: number } };
        const batch = async () => {
          const b = bagOf(1000 + rng.int(2000), 64);
          const out = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(embeddingBag(x as tf.Tensor2D, b)))(w));
          await out.data();
          out.dispose();
        };
        for (let i = 0; i < 60; i++) await batch();
        const settled = pool().bufferManager.numBytesAllocated;
        for (let i = 0; i < 60; i++) await batch();
        return { read, settled, after: pool().bufferManager.numBytesAllocated };
      });
      cpu.forEach((values, k) =>
        expect(values.reduce((m, x, j) => Math.max(m, Math.abs(x - gpu.read[k][j])), 0)).toBeLessThan(1e-4),
      );
      expect(gpu.after).toBe(gpu.settled);
      w.dispose();
    },
  );
});
