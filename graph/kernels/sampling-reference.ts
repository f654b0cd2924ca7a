/**
 * Plain TypeScript negative sampling: the fallback when the native addon is unavailable, with the
 * same contracts as graph/kernels.ts (a different random stream than the native version, which is
 * allowed: both are deterministic for a seed). Inputs are assumed validated by the caller.
 */
import { Rng } from '../../core/rng.js';
import type { Csr } from '../csr.js';

function inRow(indices: Int32Array, lo: number, hi: number, item: number): boolean {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = indices[mid];
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** A uniform item outside `user`'s row; after many rejections walks to the next free item so it always ends. */
function drawNegative(ui: Csr, user: number, rng: Rng): number {
  const b = ui.indptr[user];
  const e = ui.indptr[user + 1];
  for (let tries = 0; tries < 256; tries++) {
    const item = rng.int(ui.cols);
    if (b === e || !inRow(ui.indices, b, e, item)) return item;
  }
  let item = rng.int(ui.cols);
  for (let step = 0; step < ui.cols && inRow(ui.indices, b, e, item); step++) item = (item + 1) % ui.cols;
  return item;
}

export function sampleBprReference(
  ui: Csr,
  seed: number,
  mode: 'interactions' | 'users',
  count: number,
  negatives: number,
): { users: Int32Array; pos: Int32Array; neg: Int32Array } {
  const rng = new Rng(seed);
  const users = new Int32Array(count);
  const pos = new Int32Array(count);
  const neg = new Int32Array(count * negatives);
  const nnz = ui.indptr[ui.rows];
  if (mode === 'interactions') {
    // Whole passes over the interactions, each in a fresh order; forward Fisher–Yates stops early
    // for the last, partial pass.
    const pu = new Int32Array(nnz);
    const pp = new Int32Array(nnz);
    for (let start = 0; start < count; start += nnz) {
      for (let r = 0; r < ui.rows; r++) pu.fill(r, ui.indptr[r], ui.indptr[r + 1]);
      pp.set(ui.indices.subarray(0, nnz));
      const m = Math.min(nnz, count - start);
      for (let i = 0; i < m && i < nnz - 1; i++) {
        const j = i + rng.int(nnz - i);
        let t = pu[i];
        pu[i] = pu[j];
        pu[j] = t;
        t = pp[i];
        pp[i] = pp[j];
        pp[j] = t;
      }
      users.set(pu.subarray(0, m), start);
      pos.set(pp.subarray(0, m), start);
    }
  } else {
    const active: number[] = [];
    for (let r = 0; r < ui.rows; r++) if (ui.indptr[r + 1] > ui.indptr[r]) active.push(r);
    for (let t = 0; t < count; t++) {
      const u = active[rng.int(active.length)];
      users[t] = u;
      pos[t] = ui.indices[ui.indptr[u] + rng.int(ui.indptr[u + 1] - ui.indptr[u])];
    }
  }
  for (let t = 0; t < count; t++) {
    for (let j = 0; j < negatives; j++) neg[t * negatives + j] = drawNegative(ui, users[t], rng);
  }
  return { users, pos, neg };
}

export function sampleNegativesReference(ui: Csr, users: Int32Array, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const out = new Int32Array(users.length * k);
  for (let t = 0; t < users.length; t++) {
    for (let j = 0; j < k; j++) out[t * k + j] = drawNegative(ui, users[t], rng);
  }
  return out;
}
