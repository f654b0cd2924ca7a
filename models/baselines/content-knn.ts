/**
 * Content kNN: the score of item i for a user is the cosine similarity between i's content vector
 * and the user's profile, the mean of the L2-normalised content vectors of the items in their
 * training history (for a new user: the given history). It needs only item features (genres,
 * hashed tags and title words, standardised numbers from build-graph), so it ranks cold items
 * exactly like warm ones: the cold-start baseline a learned content tower must beat.
 */
import type { Csr } from '../../graph/csr.js';
import type { NodeContent } from '../../data/types.js';
import type { Scorer } from '../common/scorer.js';

/** Item content as CSR rows scaled to unit L2 norm (rows without features stay empty). */
export interface UnitFeatures {
  numItems: number;
  numFeatures: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function unitFeatures(content: NodeContent): UnitFeatures {
  const numItems = content.indptr.length - 1;
  const values = new Float32Array(content.values.length);
  for (let i = 0; i < numItems; i++) {
    let sq = 0;
    for (let p = content.indptr[i]; p < content.indptr[i + 1]; p++) sq += content.values[p] * content.values[p];
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let p = content.indptr[i]; p < content.indptr[i + 1]; p++) values[p] = content.values[p] * inv;
  }
  return { numItems, numFeatures: content.vocabulary.length, indptr: content.indptr, indices: content.indices, values };
}

/**
 * Cosine of every item with the mean of the history's unit vectors, into `out` (numItems). A
 * profile of norm 0 (no history, or no features) scores every item 0.
 */
export function contentScores(
  x: UnitFeatures,
  history: ArrayLike<number>,
  profile: Float64Array,
  out: Float32Array,
): void {
  const touched: number[] = [];
  for (let h = 0; h < history.length; h++) {
    const j = history[h];
    for (let p = x.indptr[j]; p < x.indptr[j + 1]; p++) {
      const f = x.indices[p];
      if (profile[f] === 0) touched.push(f);
      profile[f] += x.values[p];
    }
  }
  let sq = 0;
  for (const f of new Set(touched)) sq += profile[f] * profile[f];
  // The mean's 1/|H| cancels in the cosine: dividing by the sum's norm is enough.
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let i = 0; i < x.numItems; i++) {
    let s = 0;
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) s += profile[x.indices[p]] * x.values[p];
    out[i] = s * inv;
  }
  for (const f of touched) profile[f] = 0;
}

/** Scores known users from their training items (`userItems`), new users from a history. */
export function contentKnnScorer(x: UnitFeatures, userItems: Csr): Scorer {
  const profile = new Float64Array(x.numFeatures);
  const row = (u: number) => userItems.indices.subarray(userItems.indptr[u], userItems.indptr[u + 1]);
  return {
    numUsers: userItems.rows,
    numItems: x.numItems,
    scoreBlock(users, out) {
      users.forEach((u, b) => contentScores(x, row(u), profile, out.subarray(b * x.numItems, (b + 1) * x.numItems)));
    },
    scoreHistory(history, out) {
      contentScores(x, history, profile, out);
    },
  };
}
