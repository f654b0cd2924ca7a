/**
 * The bipartite user–item graph as CSR typed arrays, built straight from the interaction columns by
 * counting sort (no per-edge JS objects), with the symmetric normalisation Â = D^-1/2 A D^-1/2
 * computed once for LightGCN propagation.
 */
import type { Csr } from './csr.js';
import { Split, type Dataset, type InteractionTable, type SplitCode } from '../data/types.js';
import { DataError, PipelineError } from '../core/errors.js';

export interface BipartiteGraph {
  numUsers: number;
  numItems: number;
  /** numUsers + numItems: users are nodes 0..U-1, items are nodes U..U+I-1. */
  numNodes: number;
  /** Distinct (user, item) edges (each stored twice in `adjacency`). */
  numEdges: number;
  /** Splits whose interactions became edges (by default only train). */
  splits: SplitCode[];
  /** Input rows that repeated an earlier (user, item) pair of the selected splits and were merged. */
  duplicateEdges: number;
  /**
   * users x items, columns sorted. `values` holds the rating of the kept interaction when the
   * dataset has ratings, else null (implicit: every entry is 1).
   */
  userItems: Csr;
  /** items x users: the transpose of userItems (same `values` convention). */
  itemUsers: Csr;
  /**
   * Square (numNodes x numNodes), both directions, columns sorted; `values` is null because A is
   * binary: rating weights never enter propagation. Rows 0..U-1 equal userItems shifted by U.
   */
  adjacency: Csr;
  /** Â = D^-1/2 A D^-1/2 aligned with adjacency.indices; entries touching a degree-0 node are 0. */
  normalized: Float32Array;
  /** Row index into dataset.interactions of the interaction behind each adjacency entry. */
  edgeInteraction: Int32Array;
  /** Degree per node (users then items) in the graph = distinct neighbours. */
  degree: Int32Array;
}

export interface BuildGraphOptions {
  /** Which splits become edges: default [Split.train]; 'all' ignores (and does not need) the split column. */
  splits?: SplitCode[] | 'all';
}

/**
 * Builds the bipartite graph from the selected splits. Of duplicate (user, item) rows the latest
 * (greatest time, then last row) is kept and the rest are counted in `duplicateEdges`.
 */
export function buildBipartiteGraph(ds: Dataset, opts: BuildGraphOptions = {}): BipartiteGraph {
  const numUsers = ds.users.length;
  const numItems = ds.items.length;
  const t = ds.interactions;
  const splits = opts.splits ?? [Split.train];
  const want = selectedSplits(t, splits);
  checkIndexRange(t, want, numUsers, numItems);
  const split = t.split;
  const isSelected = (r: number) => want === null || want[split![r]] === 1;

  // Two stable counting sorts, by item then by user, order rows by (user, item, row). Each pass
  // carries its payload along so that reads stay sequential and only writes scatter (10M rows:
  // going through row ids instead made every read a cache miss and took seconds).
  const itemStart = new Int32Array(numItems + 1);
  const userStart = new Int32Array(numUsers + 1);
  let m = 0;
  for (let r = 0; r < t.length; r++) {
    if (!isSelected(r)) continue;
    itemStart[t.item[r] + 1]++;
    userStart[t.user[r] + 1]++;
    m++;
  }
  prefixSum(itemStart);
  prefixSum(userStart);
  const user1 = new Int32Array(m);
  const row1 = new Int32Array(m);
  const fill = itemStart.slice(0, numItems);
  for (let r = 0; r < t.length; r++) {
    if (!isSelected(r)) continue;
    const p = fill[t.item[r]]++;
    user1[p] = t.user[r];
    row1[p] = r;
  }
  const item2 = new Int32Array(m);
  const row2 = new Int32Array(m);
  const fill2 = userStart.slice(0, numUsers);
  for (let i = 0; i < numItems; i++) {
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      const q = fill2[user1[p]]++;
      item2[q] = i;
      row2[q] = row1[p];
    }
  }

  // Merge duplicate pairs in place, keeping the latest interaction (greatest time, then last row).
  const time = t.time;
  const userIndptr = new Int32Array(numUsers + 1);
  let nnz = 0;
  for (let u = 0; u < numUsers; u++) {
    const end = userStart[u + 1];
    for (let q = userStart[u]; q < end; q++) {
      const r = row2[q];
      if (nnz > userIndptr[u] && item2[nnz - 1] === item2[q]) {
        if (time === null || time[r] >= time[row2[nnz - 1]]) row2[nnz - 1] = r;
      } else {
        item2[nnz] = item2[q];
        row2[nnz] = r;
        nnz++;
      }
    }
    userIndptr[u + 1] = nnz;
  }
  const duplicates = m - nnz;
  const userIndices = item2.slice(0, nnz);
  const keptRows = row2.subarray(0, nnz);

  // Transpose: scanning users in ascending order leaves each item's users sorted.
  const itemIndptr = new Int32Array(numItems + 1);
  for (let e = 0; e < nnz; e++) itemIndptr[userIndices[e] + 1]++;
  prefixSum(itemIndptr);
  const itemIndices = new Int32Array(nnz);
  const edgeInteraction = new Int32Array(2 * nnz);
  edgeInteraction.set(keptRows, 0);
  const cursor = itemIndptr.slice(0, numItems);
  for (let u = 0; u < numUsers; u++) {
    for (let e = userIndptr[u]; e < userIndptr[u + 1]; e++) {
      const p = cursor[userIndices[e]]++;
      itemIndices[p] = u;
      edgeInteraction[nnz + p] = keptRows[e];
    }
  }

  return assembleBipartite({
    numUsers,
    numItems,
    splits: splits === 'all' ? [Split.train, Split.valid, Split.test] : [...splits],
    duplicateEdges: duplicates,
    userIndptr,
    userIndices,
    itemIndptr,
    itemIndices,
    edgeInteraction,
    rating: t.rating,
  });
}

export interface BipartiteParts {
  numUsers: number;
  numItems: number;
  splits: SplitCode[];
  duplicateEdges: number;
  userIndptr: Int32Array;
  userIndices: Int32Array;
  itemIndptr: Int32Array;
  itemIndices: Int32Array;
  /** Interaction row per adjacency entry: user rows first, then item rows. */
  edgeInteraction: Int32Array;
  rating: Float32Array | null;
  /** Precomputed Â values (e.g. read from a store); computed when absent. */
  normalized?: Float32Array;
}

/** Assembles the adjacency, degrees and Â from the two directed halves (shared by build and load). */
export function assembleBipartite(p: BipartiteParts): BipartiteGraph {
  const { numUsers, numItems } = p;
  const numNodes = numUsers + numItems;
  const nnz = p.userIndptr[numUsers];
  if (p.itemIndptr[numItems] !== nnz || p.edgeInteraction.length !== 2 * nnz) {
    throw new PipelineError(
      'internal',
      `bipartite halves disagree: ${nnz} user edges, ${p.itemIndptr[numItems]} item edges`,
    );
  }
  const indptr = new Int32Array(numNodes + 1);
  indptr.set(p.userIndptr, 0);
  for (let i = 1; i <= numItems; i++) indptr[numUsers + i] = nnz + p.itemIndptr[i];
  const indices = new Int32Array(2 * nnz);
  for (let e = 0; e < nnz; e++) indices[e] = p.userIndices[e] + numUsers;
  indices.set(p.itemIndices, nnz);

  const degree = new Int32Array(numNodes);
  for (let n = 0; n < numNodes; n++) degree[n] = indptr[n + 1] - indptr[n];
  const adjacency: Csr = { rows: numNodes, cols: numNodes, indptr, indices, values: null };
  const normalized = p.normalized ?? symmetricNormalization(adjacency, degree);

  let userValues: Float32Array | null = null;
  let itemValues: Float32Array | null = null;
  if (p.rating !== null) {
    userValues = new Float32Array(nnz);
    itemValues = new Float32Array(nnz);
    for (let e = 0; e < nnz; e++) {
      userValues[e] = p.rating[p.edgeInteraction[e]];
      itemValues[e] = p.rating[p.edgeInteraction[nnz + e]];
    }
  }
  return {
    numUsers,
    numItems,
    numNodes,
    numEdges: nnz,
    splits: p.splits,
    duplicateEdges: p.duplicateEdges,
    userItems: { rows: numUsers, cols: numItems, indptr: p.userIndptr, indices: p.userIndices, values: userValues },
    itemUsers: { rows: numItems, cols: numUsers, indptr: p.itemIndptr, indices: p.itemIndices, values: itemValues },
    adjacency,
    normalized,
    edgeInteraction: p.edgeInteraction,
    degree,
  };
}

/** D^-1/2 A D^-1/2 of a binary square CSR; a degree-0 node contributes 0 (never NaN or Infinity). */
export function symmetricNormalization(a: Csr, degree: Int32Array): Float32Array {
  const invSqrt = new Float64Array(a.rows);
  for (let n = 0; n < a.rows; n++) invSqrt[n] = degree[n] > 0 ? 1 / Math.sqrt(degree[n]) : 0;
  const out = new Float32Array(a.indices.length);
  for (let r = 0; r < a.rows; r++) {
    const dr = invSqrt[r];
    for (let e = a.indptr[r]; e < a.indptr[r + 1]; e++) out[e] = dr * invSqrt[a.indices[e]];
  }
  return out;
}

/** A lookup table of selected split codes, or null when every row is selected. */
function selectedSplits(t: InteractionTable, splits: SplitCode[] | 'all'): Uint8Array | null {
  if (splits === 'all') return null;
  if (t.split === null) {
    throw new DataError('the interactions have not been split, so the train graph cannot be built', {
      field: 'split',
      hint: 'split the dataset first (--split provided|leave-one-out|temporal|ratio), or build with splits "all"',
    });
  }
  const want = new Uint8Array(256);
  for (const s of splits) want[s] = 1;
  return want;
}

function checkIndexRange(t: InteractionTable, want: Uint8Array | null, numUsers: number, numItems: number): void {
  for (let r = 0; r < t.length; r++) {
    if (want !== null && want[t.split![r]] === 0) continue;
    const u = t.user[r];
    const i = t.item[r];
    if (u < 0 || u >= numUsers || i < 0 || i >= numItems) {
      throw new DataError(
        `interaction row ${r} refers to user index ${u} / item index ${i}, outside the ${numUsers} users and ${numItems} items of the dataset`,
        {
          field: u < 0 || u >= numUsers ? 'user' : 'item',
          hint: 'the dataset id maps and the interaction columns disagree; re-read the input',
        },
      );
    }
  }
}

function prefixSum(a: Int32Array): void {
  for (let k = 1; k < a.length; k++) a[k] += a[k - 1];
}
