/**
 * What the evaluator, `recommend` and `serve` need from any trained model: scores of users against
 * the whole catalogue. Models that score by a dot product of user and item vectors expose them, and
 * the evaluator then uses the native blocked top-K kernel instead of materialising score rows.
 */
export interface DotProductEmbeddings {
  dim: number;
  /** numUsers x dim, row-major. */
  users: Float32Array;
  /** numItems x dim, row-major. */
  items: Float32Array;
}

export interface Scorer {
  numUsers: number;
  numItems: number;
  /** Fills `out` (users.length x numItems, row-major) with the scores of each user against every item. */
  scoreBlock(users: Int32Array, out: Float32Array): void;
  /** Present when scores are exactly `users[u] · items[i]`. */
  embeddings?: DotProductEmbeddings;
  /**
   * Scores of every item (`out`: numItems) for a user the model has never seen, known only by the
   * items of their history (fold-in). Optional: models that can do it without embeddings say so here.
   */
  scoreHistory?(history: Int32Array, out: Float32Array): void;
}

/** Throws unless `out` holds exactly users x numItems scores (what scoreBlock writes). */
export function checkScoreBlock(model: string, out: Float32Array, users: number, numItems: number): void {
  if (out.length !== users * numItems) {
    throw new RangeError(`${model} scoreBlock: out has ${out.length} entries, expected ${users} x ${numItems}`);
  }
}

/** A Scorer over plain dot-product embeddings. */
export function dotProductScorer(e: DotProductEmbeddings): Scorer {
  const numUsers = e.users.length / e.dim;
  const numItems = e.items.length / e.dim;
  return {
    numUsers,
    numItems,
    embeddings: e,
    scoreBlock(users, out) {
      const { dim, items } = e;
      for (let b = 0; b < users.length; b++) {
        const u = users[b] * dim;
        const row = b * numItems;
        for (let i = 0; i < numItems; i++) {
          let s = 0;
          const off = i * dim;
          for (let j = 0; j < dim; j++) s += e.users[u + j] * items[off + j];
          out[row + i] = s;
        }
      }
    },
  };
}

/** A saved `dot-product` bundle (user and item tables) as a Scorer. */
export function dotProductFromBundle({
  tensors,
}: {
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
}): Scorer {
  const { users, items } = tensors;
  return dotProductScorer({ dim: users.shape[1], users: users.data, items: items.data });
}
