import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { headLogits, headWeights } from '../../models/hybrid/head-forward.js';
import { AttentionHead } from '../../models/hybrid/attention-head.js';
import { ContentTower, embeddingBag } from '../../models/hybrid/content-tower.js';
import { disposeInput, headInput } from '../../models/hybrid/head-input.js';
import { historyOf, trainHistories } from '../../models/hybrid/history.js';
import { trainHeadEpoch } from '../../models/hybrid/head-training.js';
import { mixRows, rowDots } from '../../models/hybrid/history-ops.js';
import { TwoStageRanker } from '../../models/hybrid/two-stage.js';
import { selectTopK } from '../../graph/kernels/topk.js';
import { Split, type InteractionTable, type NodeContent } from '../../data/types.js';
import type { Csr } from '../../graph/csr.js';
import { Rng } from '../../core/rng.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const rand = (rng: Rng, n: number, s = 0.5) => Float32Array.from({ length: n }, () => rng.normal() * s);

describe('training histories', () => {
  it('keeps each user’s most recent training items, oldest first, by time then input order', () => {
    const rows: [number, number, number, number][] = [
      // user, item, time, split
      [0, 5, 30, Split.train],
      [0, 1, 10, Split.train],
      [0, 2, 20, Split.test],
      [0, 3, 40, Split.train],
      [0, 4, 5, Split.train],
      [1, 7, 1, Split.valid],
      [1, 6, 1, Split.train],
      [1, 2, 1, Split.train],
    ];
    const t: InteractionTable = {
      length: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      time: Float64Array.from(rows, (r) => r[2]),
      split: Uint8Array.from(rows, (r) => r[3]),
      rating: null,
    };
    const h = trainHistories(t, 3, 3);
    expect(Array.from(historyOf(h, 0))).toEqual([1, 5, 3]); // 4 (t=5) is the oldest and falls off the cap
    expect(Array.from(historyOf(h, 1))).toEqual([6, 2]); // equal times keep input order
    expect(historyOf(h, 2).length).toBe(0);
  });
});

describe('attention products', () => {
  it('rowDots and mixRows match tf.matMul, and each one’s gradient is the other', () => {
    const rng = new Rng(1);
    const [b, m, n, k] = [3, 4, 5, 6];
    const a = tf.tensor3d(rand(rng, b * m * k), [b, m, k]);
    const w = tf.tensor3d(rand(rng, b * m * n), [b, m, n]);
    const h = tf.tensor3d(rand(rng, b * n * k), [b, n, k]);
    const close = (x: tf.Tensor, y: tf.Tensor) => expect(tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]).toBeLessThan(1e-4);
    close(rowDots(a, h), tf.matMul(a, h, false, true));
    close(mixRows(w, h), tf.matMul(w, h));
    const dy = tf.tensor3d(rand(rng, b * m * n), [b, m, n]);
    const gA = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(rowDots(x as tf.Tensor3D, h), dy)))(a);
    close(gA, tf.matMul(dy, h));
    const dz = tf.tensor3d(rand(rng, b * m * k), [b, m, k]);
    const gW = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(mixRows(x as tf.Tensor3D, h), dz)))(w);
    close(gW, tf.matMul(dz, h, false, true));
  });
});

describe('attention + NeuMF head', () => {
  const dim = 8;
  const rng = new Rng(2);
  const items = rand(rng, 20 * dim);
  const users = rand(rng, 2 * dim);
  const block = {
    users,
    histories: [Int32Array.of(1, 2, 3), Int32Array.of(4)],
    candidates: Int32Array.of(5, 6, 7, 8, 9, 10),
    perRow: 3,
  };

  it('starts as the encoder: logits equal the retrieval scores u · i', () => {
    const head = new AttentionHead({ dim, hidden: [8, 4], positions: 3 }, new Rng(3));
    const x = headInput(items, dim, block);
    const z = tf.tidy(() => head.logits(x)).dataSync();
    for (let p = 0; p < 6; p++) {
      const u = Math.floor(p / 3);
      let s = 0;
      for (let j = 0; j < dim; j++) s += users[u * dim + j] * items[block.candidates[p] * dim + j];
      expect(z[p]).toBeCloseTo(s, 4);
    }
    disposeInput(x);
    head.dispose();
  });

  it('has gradients that match finite differences for every weight kind', () => {
    const head = new AttentionHead({ dim, hidden: [8, 4], positions: 2 }, new Rng(4));
    // Move the output layer off zero so that every path carries gradient.
    const bundle = head.toBundle();
    const r = new Rng(5);
    for (const t of Object.values(bundle)) for (let i = 0; i < t.data.length; i++) t.data[i] += r.normal() * 0.2;
    head.assign(bundle);
    const x = headInput(items, dim, block);
    const loss = () => tf.sum(tf.softplus(head.logits(x))) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [...head.variables.values()]);
    for (const name of ['wAttention', 'pRecency', 'w1', 'b2', 'wOut', 'wRetrieval']) {
      const v = head.variables.get(name)!;
      const g = grads[v.name].dataSync();
      const values = v.dataSync().slice();
      for (const idx of [0, Math.floor(values.length / 2)]) {
        const eps = 1e-2;
        const at = (delta: number) => {
          const moved = values.slice();
          moved[idx] += delta;
          v.assign(tf.tensor(moved, v.shape));
          return tf.tidy(loss).dataSync()[0];
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(values, v.shape));
        expect(Math.abs(numeric - g[idx]), `${name}[${idx}]`).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
      }
    }
    disposeInput(x);
    head.dispose();
  });

  it('equals the head’s formula written out: [u ⊙ i, a ⊙ i] and an MLP over [u, a, i]', () => {
    for (const hidden of [[8, 4], [5], []]) {
      const head = new AttentionHead({ dim, hidden, positions: 2 }, new Rng(7));
      const bundle = head.toBundle();
      const r = new Rng(8);
      for (const t of Object.values(bundle)) for (let i = 0; i < t.data.length; i++) t.data[i] += r.normal() * 0.3;
      head.assign(bundle);
      const x = headInput(items, dim, block);
      const [fast, plain] = tf.tidy(() => {
        const v = (name: string) => head.variables.get(name)! as tf.Tensor2D;
        const [b, c] = x.candidates.shape;
        const cand = tf.reshape(x.candidates, [b * c, dim]) as tf.Tensor2D;
        const q = tf.reshape(tf.matMul(cand, v('wAttention')), [b, c, dim]);
        const bias = tf.expandDims(tf.gather(v('pRecency'), tf.minimum(x.recency, tf.scalar(1, 'int32'))), 1);
        const scores = tf.add(tf.div(tf.matMul(q, x.history, false, true), Math.sqrt(dim)), bias);
        const pad = tf.expandDims(tf.mul(tf.sub(1, x.historyMask), -1e9), 1);
        const a = tf.reshape(tf.matMul(tf.softmax(tf.add(scores, pad)), x.history), [b * c, dim]) as tf.Tensor2D;
        const u = tf.reshape(tf.tile(tf.expandDims(x.users, 1), [1, c, 1]), [b * c, dim]) as tf.Tensor2D;
        let h = tf.concat([u, a, cand], 1) as tf.Tensor2D;
        hidden.forEach((_, l) => (h = tf.relu(tf.add(tf.matMul(h, v(`w${l + 1}`)), v(`b${l + 1}`))) as tf.Tensor2D));
        const gmf = tf.concat([tf.mul(u, cand), tf.mul(a, cand), h], 1) as tf.Tensor2D;
        const out = tf.add(tf.matMul(gmf, v('wOut')), v('bOut'));
        const retrieval = tf.mul(tf.sum(tf.mul(u, cand), 1, true), v('wRetrieval'));
        return [head.logits(x).dataSync(), tf.reshape(tf.add(out, retrieval), [b, c]).dataSync()];
      });
      for (let p = 0; p < fast.length; p++) expect(fast[p]).toBeCloseTo(plain[p], 4);
      disposeInput(x);
      head.dispose();
    }
  });

  it('scores on plain arrays (head-forward.ts) exactly as its tfjs path, with and without MLP layers', () => {
    for (const [hidden, positions] of [
      [[8, 4], 2],
      [[5], 0],
      [[], 3],
    ] as const) {
      const head = new AttentionHead({ dim, hidden: [...hidden], positions }, new Rng(9));
      const bundle = head.toBundle();
      const r = new Rng(10);
      for (const t of Object.values(bundle)) for (let i = 0; i < t.data.length; i++) t.data[i] += r.normal() * 0.3;
      head.assign(bundle);
      // A row with no history at all too.
      const withEmpty = {
        ...block,
        users: rand(r, 3 * dim),
        histories: [...block.histories, new Int32Array(0)],
        candidates: Int32Array.of(5, 6, 7, 8, 9, 10, 11, 12, 13),
      };
      const x = headInput(items, dim, withEmpty);
      const expected = tf.tidy(() => head.logits(x)).dataSync();
      const got = headLogits(headWeights(head), items, withEmpty);
      expect(got.length).toBe(expected.length);
      for (let p = 0; p < got.length; p++) expect(got[p]).toBeCloseTo(expected[p], 4);
      disposeInput(x);
      head.dispose();
    }
  });

  it('attends to the history items that resemble the candidate', () => {
    // With M = identity, a candidate equal to history item 1 weights it most; padding gets nothing.
    const head = new AttentionHead({ dim: 2, hidden: [2] }, new Rng(6));
    const vecs = Float32Array.of(0, 0, 3, 0, 0, 3, 3, 0);
    const scores = tf.tidy(() => {
      const x = headInput(vecs, 2, {
        users: Float32Array.of(0, 0),
        histories: [Int32Array.of(1, 2)],
        candidates: Int32Array.of(3),
        perRow: 1,
      });
      const q = tf.reshape(x.candidates, [1, 1, 2]) as tf.Tensor3D;
      return tf.softmax(tf.div(rowDots(q, x.history), Math.sqrt(2))).dataSync();
    });
    expect(scores[0]).toBeGreaterThan(0.9);
    head.dispose();
  });

  it('can live twice in one process (two runs opened at once)', () => {
    const a = new AttentionHead({ dim: 2, hidden: [2] }, new Rng(1));
    const b = new AttentionHead({ dim: 2, hidden: [2] }, a.toBundle());
    expect(b.toBundle()).toEqual(a.toBundle());
    a.dispose();
    b.dispose();
  });
});

describe('two-stage ranking', () => {
  const csr = (rows: number[][], cols: number): Csr => {
    const indptr = new Int32Array(rows.length + 1);
    rows.forEach((r, i) => (indptr[i + 1] = indptr[i] + r.length));
    return { rows: rows.length, cols, indptr, indices: Int32Array.from(rows.flat()), values: null };
  };

  it('re-ranks only the top N unseen items, everything else keeps the retrieval order below them', () => {
    const dim = 2;
    // One user (1, 0); item scores 5, 4, 3, 2, 1 for items 0..4; item 0 is seen.
    const items = Float32Array.of(5, 0, 4, 0, 3, 0, 2, 0, 1, 0);
    const ranker = new TwoStageRanker({
      dim,
      users: Float32Array.of(1, 0),
      items,
      head: null,
      histories: { indptr: Int32Array.of(0, 1), items: Int32Array.of(0) },
      historyCap: 5,
      seen: csr([[0]], 5),
      candidates: 2,
    });
    const out = new Float32Array(5);
    ranker.scoreBlock(Int32Array.of(0), out);
    // Candidates: items 1 and 2 (item 0 is seen). They score their retrieval value; the rest sit below.
    expect(out[1]).toBeCloseTo(4);
    expect(out[2]).toBeCloseTo(3);
    for (const i of [0, 3, 4]) expect(out[i]).toBeLessThan(-900);
    expect(out[3]).toBeGreaterThan(out[4]);
    ranker.dispose();
  });

  it('without a head ranks exactly by the dot product, so it offers the dot-product embeddings', () => {
    const dim = 3;
    const rng = new Rng(21);
    const [users, items] = [rand(rng, 6 * dim), rand(rng, 40 * dim)];
    const seen = csr([[0, 5], [1], [], [2, 3, 4], [7], [39]], 40);
    const histories = { indptr: seen.indptr, items: seen.indices };
    const parts = { dim, users, items, histories, historyCap: 5, seen, candidates: 8 };
    const headless = new TwoStageRanker({ ...parts, head: null });
    expect(headless.embeddings).toEqual({ dim, users, items });
    const out = new Float32Array(6 * 40);
    headless.scoreBlock(
      Int32Array.from({ length: 6 }, (_, u) => u),
      out,
    );
    for (let u = 0; u < 6; u++) {
      const row = out.subarray(u * 40, (u + 1) * 40);
      for (const i of seen.indices.subarray(seen.indptr[u], seen.indptr[u + 1])) row[i] = -Infinity;
      const dots = Float32Array.from({ length: 40 }, (_, i) => {
        let x = 0;
        for (let j = 0; j < dim; j++) x += users[u * dim + j] * items[i * dim + j];
        return seen.indices.subarray(seen.indptr[u], seen.indptr[u + 1]).includes(i) ? -Infinity : x;
      });
      expect(Array.from(selectTopK(row, 20))).toEqual(Array.from(selectTopK(dots, 20)));
    }
    const withHead = new TwoStageRanker({ ...parts, head: new AttentionHead({ dim, hidden: [2] }, rng) });
    expect(withHead.embeddings).toBeUndefined();
    withHead.parts.head!.dispose();
    withHead.dispose();
    headless.dispose();
  });
});

describe('no tensor leaks', () => {
  it.each(['bce', 'softmax'] as const)(
    'scoring and a head training epoch (%s loss) leave the tensor count unchanged and lower the loss',
    async (loss) => {
      const dim = 4;
      const rng = new Rng(10);
      const items = rand(rng, 12 * dim);
      const users = rand(rng, 3 * dim);
      const head = new AttentionHead({ dim, hidden: [4], positions: 3 }, rng);
      const seen = {
        rows: 3,
        cols: 12,
        indptr: Int32Array.of(0, 2, 3, 5),
        indices: Int32Array.of(0, 1, 2, 3, 4),
        values: null,
      };
      const histories = { indptr: Int32Array.of(0, 2, 3, 5), items: Int32Array.of(0, 1, 2, 3, 4) };
      const ranker = new TwoStageRanker({ dim, users, items, head, histories, historyCap: 5, seen, candidates: 5 });
      const optimizer = tf.train.adam(0.01);
      const data = {
        dim,
        users,
        items,
        histories,
        positives: {
          rows: 3,
          cols: 12,
          indptr: Int32Array.of(0, 1, 2, 3),
          indices: Int32Array.of(5, 6, 7),
          values: null,
        },
        known: [seen],
        retrieved: Int32Array.from({ length: 15 }, (_, i) => 5 + (i % 7)),
        retrievedPerUser: 5,
        communities: null,
      };
      const config = {
        batch: 2,
        lr: 0.01,
        l2: 1e-4,
        randomNegatives: 1,
        hardNegatives: 1,
        communityNegatives: 1,
        samplesPerEpoch: 0,
        loss,
      };
      // One warm-up of each: the optimiser creates its slots on first use.
      ranker.scoreBlock(Int32Array.of(0, 1, 2), new Float32Array(36));
      const first = await trainHeadEpoch(head, optimizer, data, config, rng);
      const before = tf.memory().numTensors;
      ranker.scoreBlock(Int32Array.of(0, 1, 2), new Float32Array(36));
      await trainHeadEpoch(head, optimizer, data, config, rng);
      expect(tf.memory().numTensors).toBe(before);
      let last = first;
      for (let e = 0; e < 30; e++) last = await trainHeadEpoch(head, optimizer, data, config, new Rng(10));
      expect(last).toBeLessThan(first);
      ranker.dispose();
      head.dispose();
      optimizer.dispose();
    },
  );
});

describe('content tower', () => {
  it('embeddingBag matches gather + segment sum, value and gradient', () => {
    const rng = new Rng(9);
    const w = tf.tensor2d(rand(rng, 6 * 3), [6, 3]);
    const bag = {
      feat: Int32Array.of(0, 5, 2, 2, 4),
      val: Float32Array.of(1, 0.5, -2, 1, 3),
      seg: Int32Array.of(0, 0, 1, 1, 3),
      rows: 4,
    };
    const reference = (x: tf.Tensor) =>
      tf.unsortedSegmentSum(
        tf.mul(tf.gather(x, bag.feat), tf.tensor2d(bag.val, [5, 1])),
        tf.tensor1d(bag.seg, 'int32'),
        4,
      );
    const dy = tf.tensor2d(rand(rng, 12), [4, 3]);
    const close = (x: tf.Tensor, y: tf.Tensor) => expect(tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]).toBeLessThan(1e-5);
    close(embeddingBag(w, bag), reference(w));
    close(
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(embeddingBag(x as tf.Tensor2D, bag), dy)))(w),
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(reference(x), dy)))(w),
    );
  });

  it('learns from warm items to rank a featureful cold item for the users who like its feature', async () => {
    // Two groups of users like items with feature 0 or feature 1; item 9 has feature 1 and no interactions.
    const dim = 4;
    const content: NodeContent = {
      vocabulary: ['f0', 'f1'],
      numeric: [false, false],
      indptr: Int32Array.from({ length: 11 }, (_, i) => i),
      indices: Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1, 0, 1),
      values: new Float32Array(10).fill(1),
      meta: {},
    };
    const users = Float32Array.of(1, 0, 0, 0, 0, 1, 0, 0);
    const anchor: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < 8; i++) {
      anchor.push(i < 4 ? 0 : 1);
      node.push(i);
    }
    const tower = new ContentTower(
      content,
      { dim, lr: 0.05, l2: 0, batch: 8, negatives: 4, epochs: 60, temperature: 1, cosine: false },
      new Rng(7),
    );
    const losses = await tower.train(
      users,
      { anchor: Int32Array.from(anchor), node: Int32Array.from(node) },
      new Rng(8),
    );
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const v = tower.all();
    const score = (u: number, i: number) =>
      users.subarray(u * dim, (u + 1) * dim).reduce((s, x, j) => s + x * v[i * dim + j], 0);
    expect(score(1, 9)).toBeGreaterThan(score(1, 8));
    expect(score(0, 8)).toBeGreaterThan(score(0, 9));
    tower.dispose();
  });
});
