import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Csr } from '../../graph/csr.js';
import { generateSyntheticLog } from '../../data/synthetic.js';
import { initEngine } from '../../models/common/engine.js';
import { MULTVAE_PAPER, MultVae, type MultVaeConfig } from '../../models/multvae/multvae.js';
import { batchInput, multinomialNll } from '../../models/multvae/ops.js';
import { multVaeScorer } from '../../models/multvae/scorer.js';
import { multVaeServing } from '../../models/multvae/serving.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { ArtifactError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { interactionsFrom } from './baselines-fixtures.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const tiny = (over: Partial<MultVaeConfig> = {}): MultVaeConfig => ({
  ...MULTVAE_PAPER,
  numItems: 6,
  hidden: 4,
  latent: 2,
  batch: 3,
  annealSteps: 10,
  seed: 3,
  ...over,
});

/** Rows of a user → item list as a CSR. */
function csrOf(rows: number[][], cols: number): Csr {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, u) => (indptr[u + 1] = indptr[u] + r.length));
  return {
    rows: rows.length,
    cols,
    indptr,
    indices: Int32Array.from(rows.flatMap((r) => [...r].sort((a, b) => a - b))),
    values: null,
  };
}

describe('Mult-VAE ops', () => {
  it('multinomial NLL matches a hand-computed value and the softmax gradient', () => {
    // softmax([0, ln 2]) = [1/3, 2/3]; both items observed: −ln(1/3) − ln(2/3) = ln 4.5.
    const logits = tf.tensor2d([[0, Math.log(2)]]);
    const target = tf.tensor2d([[1, 1]]);
    expect(multinomialNll(logits, target).dataSync()[0]).toBeCloseTo(Math.log(4.5), 6);
    // d/dlogits = n·softmax − x = [2/3 − 1, 4/3 − 1].
    const g = tf.grad((x: tf.Tensor) => multinomialNll(x as tf.Tensor2D, target))(logits);
    expect(Array.from(g.dataSync())).toEqual([expect.closeTo(-1 / 3, 6), expect.closeTo(1 / 3, 6)]);
    tf.dispose([logits, target, g]);
  });

  it('normalises rows and applies inverted dropout to the input only', () => {
    const rows = csrOf([[0, 2, 3, 5], [1]], 6);
    const clean = batchInput(rows, [0, 1], 1, null);
    expect(Array.from(clean.input.val)).toEqual([0.5, 0.5, 0.5, 0.5, 1]);
    expect(Array.from(clean.target.subarray(0, 6))).toEqual([1, 0, 1, 1, 0, 1]);
    const dropped = batchInput(rows, [0, 1], 0.5, new Rng(1));
    expect(dropped.input.feat.length).toBeLessThan(5);
    for (const v of dropped.input.val) expect([1, 2]).toContain(v); // 0.5 / 0.5 and 1 / 0.5
    expect(Array.from(dropped.target)).toEqual(Array.from(clean.target)); // targets keep every item
  });
});

describe('MultVae', () => {
  it('tfjs gradients of the full objective match central differences', () => {
    const vae = new MultVae(tiny({ l2: 0.05 }));
    const rows = csrOf(
      [
        [0, 1, 4],
        [2, 3],
        [1, 5, 0, 3],
      ],
      6,
    );
    const { input, target } = batchInput(rows, [0, 1, 2], 1, null);
    const eps = Float32Array.from({ length: 3 * 2 }, (_, k) => Math.sin(k + 1));
    const t = tf.tensor2d(target, [3, 6]);
    const lossValue = () => tf.tidy(() => vae.loss(input, t, { eps }, 0.15).dataSync()[0]);
    const { grads } = tf.variableGrads(() => vae.loss(input, t, { eps }, 0.15));
    const h = 5e-3;
    let checked = 0;
    for (const [name, v] of Object.entries(vae.params)) {
      const analytic = grads[v.name].dataSync();
      const values = Float32Array.from(v.dataSync() as Float32Array);
      for (let k = 0; k < values.length; k += 3) {
        const at = (x: number) => {
          const copy = Float32Array.from(values);
          copy[k] = x;
          v.assign(tf.tensor(copy, v.shape));
          return lossValue();
        };
        const numeric = (at(values[k] + h) - at(values[k] - h)) / (2 * h);
        v.assign(tf.tensor(values, v.shape));
        expect(Math.abs(numeric - analytic[k]), `${name}[${k}]`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    tf.dispose([t, ...Object.values(grads)]);
    vae.dispose();
  });

  it('anneals β linearly to betaMax', () => {
    const vae = new MultVae(tiny({ annealSteps: 10, betaMax: 0.2 }));
    expect([0, 5, 10, 40].map((s) => vae.beta(s))).toEqual([0, 0.1, 0.2, 0.2]);
    vae.dispose();
  });

  it('learns planted communities better than popularity, without leaking tensors', async () => {
    const log = generateSyntheticLog({
      users: 600,
      items: 150,
      communities: 5,
      meanPerUser: 16,
      affinity: 0.9,
      seed: 4,
    });
    // Per user, every fifth interaction is held out.
    const train: number[][] = Array.from({ length: 600 }, () => []);
    const test: number[][] = Array.from({ length: 600 }, () => []);
    const count = new Int32Array(600);
    for (let r = 0; r < log.user.length; r++)
      (count[log.user[r]]++ % 5 === 4 ? test : train)[log.user[r]].push(log.item[r]);
    const trainCsr = csrOf(train, 150);
    const vae = new MultVae({
      ...MULTVAE_PAPER,
      numItems: 150,
      hidden: 48,
      latent: 12,
      batch: 100,
      annealSteps: 150,
      lr: 3e-3,
      seed: 1,
    });
    const rng = new Rng(2);
    const losses = [await vae.trainEpoch(trainCsr, rng)];
    const before = tf.memory().numTensors; // after Adam has created its moments
    for (let e = 1; e < 40; e++) losses.push(await vae.trainEpoch(trainCsr, rng));
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[39]).toBeLessThan(losses[0]);
    const popularity = new Float32Array(150);
    train.flat().forEach((i) => popularity[i]++);
    const scorer = multVaeScorer(vae, trainCsr);
    const all = Int32Array.from({ length: 600 }, (_, u) => u);
    const scores = new Float32Array(600 * 150);
    scorer.scoreBlock(all, scores);
    expect(tf.memory().numTensors).toBe(before);
    const recall = (score: (u: number, i: number) => number) => {
      let sum = 0;
      let users = 0;
      for (let u = 0; u < 600; u++) {
        if (test[u].length === 0) continue;
        const seen = new Set(train[u]);
        const top = Array.from({ length: 150 }, (_, i) => i)
          .filter((i) => !seen.has(i))
          .sort((a, b) => score(u, b) - score(u, a))
          .slice(0, 10);
        sum += test[u].filter((i) => top.includes(i)).length / Math.min(10, test[u].length);
        users++;
      }
      return sum / users;
    };
    const vaeRecall = recall((u, i) => scores[u * 150 + i]);
    const popRecall = recall((_, i) => popularity[i]);
    // Measured: 0.639 against 0.178.
    expect(vaeRecall).toBeGreaterThan(0.55);
    expect(vaeRecall).toBeGreaterThan(popRecall * 3);

    // Round trip through the tensor bundle: same scores; fold-in equals the user's row.
    const { tensors, state } = vae.toBundle();
    const restored = MultVae.fromBundle(tensors, JSON.parse(JSON.stringify(state)));
    expect(restored.step).toBe(vae.step);
    const again = restored.scoreUsers(trainCsr);
    expect(Array.from(again.subarray(0, 300))).toEqual(Array.from(scores.subarray(0, 300)));
    const fold = new Float32Array(150);
    multVaeScorer(restored, trainCsr).scoreHistory!(Int32Array.from(train[7]), fold);
    for (let i = 0; i < 150; i++) expect(fold[i]).toBeCloseTo(scores[7 * 150 + i], 4);
    const store = (items: number) =>
      ({ graph: { numItems: items, userItems: trainCsr } }) as unknown as LoadedGraphStore;
    const served = await multVaeServing.scorer({ tensors, state: JSON.parse(JSON.stringify(state)) }, store(150));
    const row = new Float32Array(150);
    served.scoreBlock(Int32Array.of(7), row);
    expect(Array.from(row)).toEqual(Array.from(scores.subarray(7 * 150, 8 * 150)));
    await expect(multVaeServing.scorer({ tensors, state: {} }, store(150))).rejects.toThrow(ArtifactError);
    const bad = { ...tensors, decB2: { shape: [149], data: new Float32Array(149) } };
    expect(() => MultVae.fromBundle(bad, state)).toThrow(ArtifactError);
    restored.dispose();
    vae.dispose();
  });

  it('refuses rows of another catalogue', async () => {
    const vae = new MultVae(tiny());
    const t = interactionsFrom(2, 5, [[0, 1]]);
    await expect(vae.trainEpoch(t.userItems, new Rng(1))).rejects.toThrow(/6 items/);
    vae.dispose();
  });
});
