import type { Csr } from '../../graph/csr.js';
import { userItemCsr } from '../../graph/user-item-csr.js';
import { type ColdStart, Split } from '../../data/types.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import { UsageError } from '../../core/errors.js';

/**
 * Per-split user→item sets of a graph: what training sees, what each evaluation masks and scores.
 * With cold-start hold-outs (build-graph --cold-items/--cold-users) the ordinary evaluation is
 * warm-only: cold rows leave the test sets and cold items are not ranked; `evaluate --cold`
 * measures them separately (pipeline/evaluate/cold-start.ts).
 */
export interface SplitMasks {
  train: Csr;
  valid: Csr;
  /** Test rows of warm users on warm items. */
  test: Csr;
  /** The items ordinary evaluation ranks (sorted): all but the cold ones; null when none are cold. */
  warmItems: Int32Array | null;
}

export function splitMasks(store: LoadedGraphStore): SplitMasks {
  const { interactions, users, items } = store.dataset;
  const csr = (s: number) => userItemCsr(interactions, users.length, items.length, [s]);
  const cold = store.cold ?? null;
  const test = csr(Split.test);
  return {
    train: store.graph.userItems,
    valid: csr(Split.valid), // cold nodes never have validation rows (checked when the store is saved)
    test: cold === null ? test : withoutCold(test, cold),
    warmItems: cold === null || cold.items.length === 0 ? null : complementOf(cold.items, items.length),
  };
}

export function nnz(a: Csr): number {
  return a.indptr[a.rows];
}

/** The items to mask, the items that count as relevant when evaluating `split`, and (cold graphs) the items that may be ranked. */
export function evaluationSets(
  masks: SplitMasks,
  split: 'valid' | 'test',
): { seen: Csr; seenToo: Csr | null; relevant: Csr; candidates?: Int32Array } {
  const relevant = masks[split];
  if (nnz(relevant) === 0) {
    throw new UsageError(
      `the graph has no ${split === 'valid' ? 'validation' : 'test'} interactions${masks.warmItems ? ' on warm users and items' : ''}`,
      {
        hint:
          split === 'valid'
            ? 'rebuild the graph with --valid 0.1, or evaluate --split test'
            : 'rebuild the graph with a split (--split, --test)',
      },
    );
  }
  const sets =
    split === 'test'
      ? { seen: masks.train, seenToo: nnz(masks.valid) > 0 ? masks.valid : null, relevant }
      : { seen: masks.train, seenToo: null, relevant };
  return masks.warmItems === null ? sets : { ...sets, candidates: masks.warmItems };
}

/** `a` without the rows of cold users and without entries on cold items. */
export function withoutCold(a: Csr, cold: ColdStart): Csr {
  const coldUser = flags(cold.users, a.rows);
  const coldItem = flags(cold.items, a.cols);
  return filterCsr(
    a,
    (u) => coldUser[u] === 0,
    (i) => coldItem[i] === 0,
  );
}

/** The entries of `a` in rows with keepRow and columns with keepCol (row count and sorting preserved). */
export function filterCsr(a: Csr, keepRow: (row: number) => boolean, keepCol: (col: number) => boolean): Csr {
  const indptr = new Int32Array(a.rows + 1);
  const indices = new Int32Array(nnz(a));
  const values = a.values === null ? null : new Float32Array(nnz(a));
  let w = 0;
  for (let r = 0; r < a.rows; r++) {
    if (keepRow(r)) {
      for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) {
        if (!keepCol(a.indices[p])) continue;
        if (values !== null) values[w] = a.values![p];
        indices[w++] = a.indices[p];
      }
    }
    indptr[r + 1] = w;
  }
  return {
    rows: a.rows,
    cols: a.cols,
    indptr,
    indices: indices.slice(0, w),
    values: values === null ? null : values.slice(0, w),
  };
}

/** 0..n-1 without the sorted indices `drop`. */
export function complementOf(drop: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n - drop.length);
  let w = 0;
  let d = 0;
  for (let k = 0; k < n; k++) {
    if (d < drop.length && drop[d] === k) d++;
    else out[w++] = k;
  }
  return out;
}

function flags(indices: Int32Array, n: number): Uint8Array {
  const f = new Uint8Array(n);
  for (const k of indices) f[k] = 1;
  return f;
}
