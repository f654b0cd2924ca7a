import * as tf from '@tensorflow/tfjs';
import { entryRows, sortedRangeHas, type Csr } from '../../graph/csr.js';
import type { Rng } from '../../core/rng.js';
import type { AttentionHead } from './attention-head.js';
import { disposeInput, headInput } from './head-input.js';
import { historyOf, type HistoryLists } from './history.js';

/**
 * One epoch of the head's training. Positives are held-out interactions (u, i) that the encoder
 * never saw, as at test time: trained on the encoder's own training interactions, the head learns
 * to recognise what the encoder memorised and re-ranks worse than the encoder (measured on
 * ml-latest-small: validation Recall@20 0.203 → 0.156). Each positive is scored against negatives
 * of three kinds: uniform random items, hard ones from the encoder's top-N for u (what the
 * re-ranker must sort out) and items of i's Louvain community (similar, but not u's). The loss is
 * binary cross-entropy on the head's logits, or (--head-loss softmax) the positive's softmax
 * cross-entropy over its row. A positive is never in the history the attention reads.
 */
export interface HeadTrainingConfig {
  batch: number;
  lr: number;
  l2: number;
  randomNegatives: number;
  hardNegatives: number;
  communityNegatives: number;
  /** Positives drawn per epoch (0: every held-out interaction once). */
  samplesPerEpoch: number;
  /** bce: each candidate on its own; softmax: the positive against its row's negatives (listwise). */
  loss: HeadLoss;
}

export type HeadLoss = 'bce' | 'softmax';

export interface HeadTrainingData {
  dim: number;
  users: Float32Array;
  items: Float32Array;
  histories: HistoryLists;
  /** The held-out interactions the head learns from: user → sorted items. */
  positives: Csr;
  /** Interactions that must not be drawn as negatives (training, held-out): user → sorted items. */
  known: Csr[];
  /** The encoder's top `retrievedPerUser` items per user (training items excluded), row-major. */
  retrieved: Int32Array;
  retrievedPerUser: number;
  /** Louvain community per item and the items of each community, or null without communities. */
  communities: { ofItem: Int32Array; items: Int32Array[] } | null;
}

/** One epoch; the loss is read back asynchronously (all that tfjs's GPU backend allows in Node). */
export async function trainHeadEpoch(
  head: AttentionHead,
  optimizer: tf.Optimizer,
  data: HeadTrainingData,
  cfg: HeadTrainingConfig,
  rng: Rng,
): Promise<number> {
  const { positives, dim: d } = data;
  const numItems = data.items.length / d;
  const total = positives.indptr[positives.rows];
  const order =
    cfg.samplesPerEpoch > 0
      ? Int32Array.from({ length: Math.min(cfg.samplesPerEpoch, total) }, () => rng.int(total))
      : rng.shuffle(Int32Array.from({ length: total }, (_, i) => i));
  const userOfEdge = entryRows(positives);
  const perRow = 1 + cfg.randomNegatives + cfg.hardNegatives + cfg.communityNegatives;
  const vars = [...head.variables.values()];
  let sum = 0;
  let batches = 0;
  for (let s = 0; s < order.length; s += cfg.batch) {
    const edges = order.subarray(s, Math.min(order.length, s + cfg.batch));
    const b = edges.length;
    const users = new Float32Array(b * d);
    const histories: Int32Array[] = [];
    const candidates = new Int32Array(b * perRow);
    edges.forEach((e, r) => {
      const u = userOfEdge[e];
      const pos = positives.indices[e];
      users.set(data.users.subarray(u * d, (u + 1) * d), r * d);
      histories.push(historyOf(data.histories, u).filter((i) => i !== pos));
      let c = r * perRow;
      candidates[c++] = pos;
      const negative = (draw: () => number) => {
        for (let tries = 0; tries < 8; tries++) {
          const i = draw();
          if (!data.known.some((k) => sortedRangeHas(k.indices, k.indptr[u], k.indptr[u + 1], i))) return i;
        }
        return rng.int(numItems);
      };
      for (let k = 0; k < cfg.randomNegatives; k++) candidates[c++] = negative(() => rng.int(numItems));
      for (let k = 0; k < cfg.hardNegatives; k++)
        candidates[c++] = negative(() => data.retrieved[u * data.retrievedPerUser + rng.int(data.retrievedPerUser)]);
      for (let k = 0; k < cfg.communityNegatives; k++) {
        const pool = data.communities?.items[data.communities.ofItem[pos]];
        candidates[c++] = negative(() => (pool && pool.length > 1 ? pool[rng.int(pool.length)] : rng.int(numItems)));
      }
    });
    const input = headInput(data.items, d, { users, histories, candidates, perRow });
    const labels = tf.tidy(() => tf.concat([tf.ones([b, 1]), tf.zeros([b, perRow - 1])], 1));
    const loss = optimizer.minimize(
      () => {
        const z = head.logits(input);
        // bce on logits: softplus(−z) for positives, softplus(z) for negatives; softmax: the
        // positive (column 0) against its row, log Σ exp z − z₀.
        const fit =
          cfg.loss === 'softmax'
            ? (tf.mean(tf.sub(tf.logSumExp(z, 1), tf.squeeze(tf.slice(z, [0, 0], [b, 1]), [1]))) as tf.Scalar)
            : (tf.mean(tf.softplus(tf.mul(z, tf.sub(1, tf.mul(labels, 2))))) as tf.Scalar);
        return cfg.l2 > 0 ? (tf.add(fit, tf.mul(head.weightNorm(), cfg.l2)) as tf.Scalar) : fit;
      },
      true,
      vars,
    );
    try {
      sum += (await loss!.data())[0];
    } finally {
      tf.dispose([loss!, labels]);
      disposeInput(input);
    }
    batches++;
  }
  return batches > 0 ? sum / batches : Number.NaN;
}
