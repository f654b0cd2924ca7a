import type { Csr } from '../../graph/csr.js';
import { dotProductScorer, type Scorer } from '../../models/common/scorer.js';

/**
 * Ranking among a subset of the catalogue (warm items for the ordinary evaluation of a cold-start
 * graph, cold items for `evaluate --cold items`): the problem is rewritten in candidate-local item
 * indices 0..C-1, so the evaluator, its masks and its metrics (coverage included) work unchanged
 * over C items. Ties go to the lower local index: with sorted candidates that is the lower item
 * index, as everywhere else; another order of the candidates is another tie-break order.
 */

/** Checks that `candidates` are distinct item indices below numItems, at least one. */
export function checkCandidates(candidates: Int32Array, numItems: number): void {
  if (candidates.length === 0) throw new RangeError('candidates: no item may be ranked (empty list)');
  const seen = new Uint8Array(numItems);
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k];
    if (!(c >= 0 && c < numItems) || seen[c] === 1) {
      throw new RangeError(`candidates must be distinct item indices below ${numItems}; entry ${k} is ${c}`);
    }
    seen[c] = 1;
  }
}

/** local[item] = position of item among the candidates, or -1. */
export function localIndex(candidates: Int32Array, numItems: number): Int32Array {
  const local = new Int32Array(numItems).fill(-1);
  candidates.forEach((item, k) => (local[item] = k));
  return local;
}

/** The entries of `a` on candidate items, in local column indices, sorted per row (rows unchanged). */
export function remapColumns(a: Csr, local: Int32Array, numCandidates: number): Csr {
  const indptr = new Int32Array(a.rows + 1);
  const indices = new Int32Array(a.indptr[a.rows]);
  let w = 0;
  for (let r = 0; r < a.rows; r++) {
    const start = w;
    let sorted = true;
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
      const item = a.indices[p];
      const l = item < local.length ? local[item] : -1;
      if (l < 0) continue;
      if (w > start && l < indices[w - 1]) sorted = false;
      indices[w++] = l;
    }
    if (!sorted) indices.subarray(start, w).sort(); // candidates in a tie-break order, not sorted
    indptr[r + 1] = w;
  }
  return { rows: a.rows, cols: numCandidates, indptr, indices: indices.slice(0, w), values: null };
}

/**
 * The scorer over the candidates only. Dot-product models get a gathered item matrix (the native
 * top-K kernel then scores C items instead of the catalogue); others score full rows and keep the
 * candidate columns.
 */
export function restrictScorer(scorer: Scorer, candidates: Int32Array): Scorer {
  if (scorer.embeddings) {
    const { dim, users, items } = scorer.embeddings;
    const gathered = new Float32Array(candidates.length * dim);
    candidates.forEach((item, k) => gathered.set(items.subarray(item * dim, (item + 1) * dim), k * dim));
    return dotProductScorer({ dim, users, items: gathered });
  }
  const full = scorer.numItems;
  let scratch = new Float32Array(0);
  return {
    numUsers: scorer.numUsers,
    numItems: candidates.length,
    scoreBlock(users, out) {
      if (scratch.length < users.length * full) scratch = new Float32Array(users.length * full);
      const rows = scratch.subarray(0, users.length * full);
      scorer.scoreBlock(users, rows);
      for (let b = 0; b < users.length; b++) {
        const src = b * full;
        const dst = b * candidates.length;
        for (let k = 0; k < candidates.length; k++) out[dst + k] = rows[src + candidates[k]];
      }
    },
  };
}
