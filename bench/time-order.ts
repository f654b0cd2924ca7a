/**
 * Does the order of each user's train rows carry time? Two measures from the train rows of a graph
 * folder (and its validation rows, when it has them), none from test:
 *  1. the share of rows on the most popular items (popularity counted on train) by position quintile
 *     of each user's rows: a drift with position means the order is not arbitrary;
 *  2. for each held-out row, its mean co-occurrence cosine (users in common / sqrt of the two
 *     degrees, the user left out) with the user's train items by position decile, relative to the
 *     mean over deciles: held-out rows that resemble the latest train items most mark a time order.
 *
 *   node dist/bench/time-order.js GRAPH [--users 2500]
 */
import { loadGraphStore } from '../graph/store.js';
import { Split } from '../data/types.js';
import { rowsByUser } from '../data/filter.js';
import { Rng } from '../core/rng.js';

const graphDir = process.argv[2];
if (!graphDir) {
  console.error('usage: node dist/bench/time-order.js GRAPH [--users N]');
  process.exit(1);
}
const usersFlag = process.argv.indexOf('--users');
const sampleUsers = usersFlag > 0 ? Number(process.argv[usersFlag + 1]) : 2500;
const store = await loadGraphStore(graphDir);
const t = store.dataset.interactions;
const { itemUsers } = store.graph;
const nUsers = store.dataset.users.length;
const keep = (code: number) => Uint8Array.from(t.split!, (s) => (s === code ? 1 : 0));
const train = rowsByUser(t, nUsers, keep(Split.train));
const held = rowsByUser(t, nUsers, keep(Split.valid));
const degree = (i: number) => itemUsers.indptr[i + 1] - itemUsers.indptr[i];

// 1. Popular-item share by position quintile.
const byPopularity = Array.from({ length: itemUsers.rows }, (_, i) => i).sort((a, b) => degree(b) - degree(a));
for (const top of [0.001, 0.01, 0.1]) {
  const isTop = new Uint8Array(itemUsers.rows);
  for (const i of byPopularity.slice(0, Math.round(top * itemUsers.rows))) isTop[i] = 1;
  const hits = new Float64Array(5);
  const rows = new Float64Array(5);
  for (let u = 0; u < nUsers; u++) {
    const a = train.indptr[u];
    const n = train.indptr[u + 1] - a;
    for (let k = 0; k < n; k++) {
      const q = Math.floor((5 * k) / n);
      rows[q]++;
      hits[q] += isTop[t.item[train.rows[a + k]]];
    }
  }
  console.log(
    `top ${100 * top}% of items: share of train rows by position quintile ${Array.from(hits, (h, q) => `${((100 * h) / rows[q]).toFixed(2)}%`).join(' ')}`,
  );
}

// 2. Similarity of held-out rows to the train items by position decile.
if (held.indptr[nUsers] === 0) {
  console.log('no validation rows: build the graph with --valid to measure the similarity profile');
} else {
  const rng = new Rng(2);
  const candidates = Array.from({ length: nUsers }, (_, u) => u).filter(
    (u) => train.indptr[u + 1] - train.indptr[u] >= 30 && held.indptr[u + 1] > held.indptr[u],
  );
  for (let k = candidates.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [candidates[k], candidates[j]] = [candidates[j], candidates[k]];
  }
  const users = candidates.slice(0, sampleUsers);
  const mark = new Float64Array(nUsers).fill(-1); // the users of the current target item
  const profile = new Float64Array(10);
  for (const [n, u] of users.entries()) {
    const a = train.indptr[u];
    const c = train.indptr[u + 1] - a;
    const targets = held.rows.subarray(held.indptr[u], held.indptr[u + 1]);
    const userProfile = new Float64Array(10);
    for (const r of targets) {
      const target = t.item[r];
      const dt = degree(target); // a held-out item's train users never include u
      if (dt === 0) continue;
      for (let p = itemUsers.indptr[target]; p < itemUsers.indptr[target + 1]; p++)
        mark[itemUsers.indices[p]] = n * 1_000_003 + target;
      for (let d = 0; d < 10; d++) {
        const from = a + Math.floor((d * c) / 10);
        const to = a + Math.floor(((d + 1) * c) / 10);
        let sum = 0;
        for (let k = from; k < to; k++) {
          const item = t.item[train.rows[k]];
          let common = 0;
          for (let p = itemUsers.indptr[item]; p < itemUsers.indptr[item + 1]; p++) {
            const v = itemUsers.indices[p];
            if (v !== u && mark[v] === n * 1_000_003 + target) common++;
          }
          sum += common / Math.sqrt(dt * Math.max(1, degree(item) - 1));
        }
        userProfile[d] += sum / Math.max(1, to - from);
      }
    }
    for (let d = 0; d < 10; d++) profile[d] += userProfile[d] / targets.length;
  }
  const mean = profile.reduce((x, y) => x + y, 0) / 10;
  console.log(
    `held-out rows against the train items by position decile (${users.length} users, relative to the mean): ${Array.from(profile, (x) => (x / mean).toFixed(2)).join(' ')}`,
  );
}
