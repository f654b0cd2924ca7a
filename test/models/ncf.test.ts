import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import {
  artifactsFromBundle,
  artifactsToBundle,
  loadNcfModel,
  modelArtifacts,
  networkFromArtifacts,
  saveNcfModel,
} from '../../models/ncf/io.js';
import { matMulFast } from '../../models/ncf/layers.js';
import { NcfNetwork } from '../../models/ncf/network.js';
import { neumfFromPretrained } from '../../models/ncf/pretrain.js';
import { ncfScorer } from '../../models/ncf/scorer.js';
import type { NcfKind, NcfSpec } from '../../models/ncf/spec.js';
import { ParamBlock, ADAM_DEFAULTS } from '../../models/ncf/optimizer.js';
import { NcfTrainer } from '../../models/ncf/step.js';
import { ArtifactError } from '../../core/errors.js';

const spec = (kind: NcfKind, over: Partial<NcfSpec> = {}): NcfSpec => ({
  kind,
  numUsers: 5,
  numItems: 7,
  dim: 3,
  layers: [6, 4, 3],
  biases: true,
  objective: kind === 'mf' ? 'rating' : 'implicit',
  initStd: 0.4,
  globalMean: 3.2,
  seed: 5,
  ...over,
});
const KINDS: NcfKind[] = ['mf', 'gmf', 'mlp', 'neumf'];
const allPairs = (s: NcfSpec) => {
  const users = new Int32Array(s.numUsers * s.numItems);
  const items = new Int32Array(s.numUsers * s.numItems);
  for (let k = 0; k < users.length; k++) [users[k], items[k]] = [Math.floor(k / s.numItems), k % s.numItems];
  return { users, items };
};
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, x, k) => Math.max(m, Math.abs(x - b[k])), 0);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ncf-models-'));

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('NCF networks', () => {
  it('give one output per pair, equal to the tfjs model run on integer inputs', () => {
    for (const kind of KINDS) {
      const net = NcfNetwork.build(spec(kind));
      const { users, items } = allPairs(net.spec);
      const ours = net.predict(users, items, 8); // several batches
      const theirs = tf.tidy(() =>
        (
          net.model.predict([
            tf.tensor2d(users, [users.length, 1], 'int32'),
            tf.tensor2d(items, [items.length, 1], 'int32'),
          ]) as tf.Tensor
        )
          .dataSync()
          .slice(),
      );
      expect(net.model.outputs[0].shape, kind).toEqual([null, 1]);
      expect(ours.length).toBe(35);
      expect(maxDiff(ours, theirs), kind).toBeLessThan(1e-6);
      net.dispose();
    }
  });

  it('mf starts at the global mean, and dim 0 leaves only the biases', () => {
    const net = NcfNetwork.build(spec('mf', { dim: 0 }));
    expect(net.tables.map((t) => t.name)).toEqual(['user_bias', 'item_bias']);
    expect(Array.from(net.predict(Int32Array.of(0, 4), Int32Array.of(6, 1)))).toEqual([3.2, 3.2].map(Math.fround));
    net.dispose();
  });

  it('are seeded: the same spec builds the same weights', () => {
    const a = NcfNetwork.build(spec('neumf'));
    const b = NcfNetwork.build(spec('neumf'));
    const c = NcfNetwork.build(spec('neumf', { seed: 6 }));
    const { users, items } = allPairs(a.spec);
    expect(a.predict(users, items)).toEqual(b.predict(users, items));
    expect(maxDiff(a.predict(users, items), c.predict(users, items))).toBeGreaterThan(1e-3);
    [a, b, c].forEach((n) => n.dispose());
  });
});

describe('NcfDense gradient', () => {
  it('matMulFast has the gradients of tf.matMul', () => {
    const x = tf.randomNormal([9, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([4, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const f = (g: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(g(a as tf.Tensor2D, b as tf.Tensor2D))))([x, w]);
    const [fx, fw] = f(matMulFast);
    const [rx, rw] = f((a, b) => tf.matMul(a, b));
    expect(maxDiff(fx.dataSync(), rx.dataSync())).toBeLessThan(1e-4);
    expect(maxDiff(fw.dataSync(), rw.dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, w, fx, fw, rx, rw]);
  });
});

describe('NCF training step (rows gathered outside tfjs, updated sparsely)', () => {
  const users = Int32Array.of(0, 1, 1, 4, 2, 1);
  const items = Int32Array.of(2, 2, 6, 0, 2, 2); // repeated rows: gradients must add up

  for (const [kind, objective, l2] of [
    ['neumf', 'implicit', 0],
    ['gmf', 'implicit', 0.3],
    ['mf', 'rating', 0.2],
  ] as const) {
    it(`${kind} (${objective}, l2 ${l2}): one SGD step equals tfjs SGD on the whole model`, async () => {
      const s = spec(kind, { objective });
      const targets =
        objective === 'rating' ? Float32Array.of(4, 2.5, 5, 1, 3, 3.5) : Float32Array.of(1, 0, 1, 0, 0, 1);
      const ours = NcfNetwork.build(s);
      const ref = NcfNetwork.build(s);
      const trainer = new NcfTrainer(ours, { objective, optimizer: 'sgd', lr: 0.1, l2 });
      const loss = await trainer.trainBatch(users, items, targets);
      trainer.syncToNetwork();

      const b = users.length;
      const u = tf.tensor2d(users, [b, 1], 'int32');
      const i = tf.tensor2d(items, [b, 1], 'int32');
      const y = tf.tensor2d(targets, [b, 1]);
      const vars = ref.model.trainableWeights.map((w) => w.read() as tf.Variable);
      const refLoss = tf.train.sgd(0.1).minimize(
        () => {
          const z = ref.model.apply([u, i]) as tf.Tensor2D;
          const data =
            objective === 'rating' ? tf.mean(tf.square(tf.sub(z, y))) : tf.mean(tf.sub(tf.softplus(z), tf.mul(y, z)));
          let reg: tf.Tensor = tf.scalar(0);
          for (const t of ref.tables.filter((t) => t.trainable)) {
            const rows = tf.gather(
              ref.embeddingVariable(t.name),
              tf.tensor1d(t.side === 'user' ? users : items, 'int32'),
            );
            reg = tf.add(reg, tf.sum(tf.square(rows)));
          }
          return tf.add(data, tf.mul(reg, (0.5 * l2) / b)) as tf.Scalar;
        },
        true,
        vars,
      )!;
      expect(loss).toBeCloseTo(refLoss.dataSync()[0], 5);
      for (const w of ref.model.weights) {
        const mine = ours.model.weights.find((o) => o.originalName === w.originalName)!;
        expect(maxDiff(mine.read().dataSync(), w.read().dataSync()), w.originalName).toBeLessThan(1e-6);
      }
      tf.dispose([u, i, y, refLoss]);
      ours.dispose();
      ref.dispose();
    });
  }

  it('reduces the loss on a fixed batch and leaks no tensors', async () => {
    const net = NcfNetwork.build(spec('neumf'));
    const trainer = new NcfTrainer(net, { objective: 'implicit', optimizer: 'adam', lr: 0.05, l2: 1e-3 });
    const targets = Float32Array.of(1, 0, 1, 0, 0, 1);
    const first = await trainer.trainBatch(users, items, targets);
    const before = tf.memory().numTensors;
    let last = first;
    for (let k = 0; k < 60; k++) last = await trainer.trainBatch(users, items, targets);
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.5);
    net.dispose();
  });

  it('lazy Adam on a dense block matches tfjs Adam', () => {
    const init = Float32Array.of(0.5, -1, 2, 0.25);
    const block = new ParamBlock(init.slice(), 1, 'adam');
    const v = tf.variable(tf.tensor1d(init));
    const adam = tf.train.adam(0.01, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon);
    for (let step = 1; step <= 5; step++) {
      const g = Float32Array.from(init, (x, k) => Math.sin(step + k) * x);
      block.updateAll(g, { kind: 'adam', lr: 0.01, ...ADAM_DEFAULTS }, step);
      adam.applyGradients({ [v.name]: tf.tensor1d(g) as tf.Tensor as tf.Variable });
    }
    expect(maxDiff(block.data, v.dataSync())).toBeLessThan(1e-6);
    v.dispose();
    adam.dispose();
  });

  it('row updates sum repeated rows and leave untouched rows (and their moments) alone', () => {
    const block = new ParamBlock(Float32Array.of(1, 1, 2, 2, 3, 3), 2, 'sgd');
    block.updateRows(
      Int32Array.of(2, 0, 2),
      Float32Array.of(1, 0, 0.5, 0.5, 1, 2),
      0,
      { kind: 'sgd', lr: 1, ...ADAM_DEFAULTS },
      1,
    );
    expect(Array.from(block.data)).toEqual([0.5, 0.5, 2, 2, 1, 1]);
  });
});

describe('NCF scorer', () => {
  it('full-catalogue scores equal the network on every pair, for every kind', () => {
    for (const kind of KINDS) {
      const net = NcfNetwork.build(spec(kind));
      const scorer = ncfScorer(net, { cellBudget: 40 }); // forces several user chunks
      const { users, items } = allPairs(net.spec);
      const expected = net.predict(users, items);
      const block = new Float32Array(35);
      scorer.scoreBlock(Int32Array.of(0, 1, 2, 3, 4), block);
      expect(maxDiff(block, expected), kind).toBeLessThan(1e-5);
      const pairs = new Float32Array(35);
      scorer.scorePairs(users, items, pairs);
      expect(maxDiff(pairs, expected), kind).toBeLessThan(1e-5);
      expect(scorer.embeddings !== undefined, kind).toBe(kind === 'mf' || kind === 'gmf');
      scorer.dispose();
      net.dispose();
    }
  });
});

describe('saving and loading through the tfjs format', () => {
  for (const kind of KINDS) {
    it(`${kind}: model.json + weights.bin round trip gives identical predictions`, async () => {
      const net = NcfNetwork.build(spec(kind));
      // Move the weights away from their initialisation so that a load that re-initialises fails.
      const trainer = new NcfTrainer(net, { objective: net.spec.objective, optimizer: 'adam', lr: 0.05, l2: 0 });
      for (let k = 0; k < 3; k++)
        await trainer.trainBatch(Int32Array.of(0, 3, 4), Int32Array.of(1, 6, 2), Float32Array.of(1, 0, 1));
      trainer.syncToNetwork();
      const dir = path.join(tmp, `model-${kind}`);
      await saveNcfModel(dir, net);
      expect(existsSync(path.join(dir, 'model.json')) && existsSync(path.join(dir, 'weights.bin'))).toBe(true);
      if (kind !== 'mf')
        expect(readFileSync(path.join(dir, 'model.json'), 'utf8')).toContain('"class_name":"NcfDense"');
      const loaded = await loadNcfModel(dir);
      expect(loaded.spec).toEqual(net.spec);
      const { users, items } = allPairs(net.spec);
      expect(loaded.predict(users, items)).toEqual(net.predict(users, items));
      // The run-folder bundle form holds the same artifacts.
      const viaBundle = await networkFromArtifacts(artifactsFromBundle(artifactsToBundle(await modelArtifacts(net))));
      expect(viaBundle.predict(users, items)).toEqual(net.predict(users, items));
      [net, loaded, viaBundle].forEach((n) => n.dispose());
    });
  }

  it('refuses a truncated weights file with an ArtifactError', async () => {
    const net = NcfNetwork.build(spec('gmf'));
    const dir = path.join(tmp, 'broken');
    await saveNcfModel(dir, net);
    const bin = path.join(dir, 'weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 40));
    await expect(loadNcfModel(dir)).rejects.toBeInstanceOf(ArtifactError);
    await expect(loadNcfModel(path.join(tmp, 'missing'))).rejects.toBeInstanceOf(ArtifactError);
    net.dispose();
  });
});

describe('NeuMF from pre-trained GMF and MLP', () => {
  it('outputs alpha·GMF + (1 − alpha)·MLP before fine-tuning', () => {
    const gmf = NcfNetwork.build(spec('gmf', { seed: 1 }));
    const mlp = NcfNetwork.build(spec('mlp', { seed: 2, layers: [8, 5, 2] }));
    const { users, items } = allPairs(gmf.spec);
    const g = gmf.predict(users, items);
    const m = mlp.predict(users, items);
    for (const alpha of [0.5, 0.3]) {
      const neumf = neumfFromPretrained(gmf, mlp, { alpha, seed: 9 });
      expect(neumf.spec.layers).toEqual([8, 5, 2]);
      const n = neumf.predict(users, items);
      expect(
        maxDiff(
          n,
          Array.from(g, (x, k) => alpha * x + (1 - alpha) * m[k]),
        ),
      ).toBeLessThan(1e-6);
      neumf.dispose();
    }
    expect(() => neumfFromPretrained(mlp, gmf, { seed: 1 })).toThrow(/must be gmf/);
    gmf.dispose();
    mlp.dispose();
  });
});
