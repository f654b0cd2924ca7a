import { selectCsrRows } from '../../graph/csr-rows.js';
import type { Csr } from '../../graph/csr.js';
import type { Scorer } from '../common/scorer.js';
import type { MultVae } from './multvae.js';

/** Mult-VAE as a Scorer: each user is scored from their training history (userItems). */
export function multVaeScorer(vae: MultVae, userItems: Csr): Scorer {
  const numItems = vae.config.numItems;
  if (userItems.cols !== numItems)
    throw new RangeError(`multvae: the model has ${numItems} items, the interactions ${userItems.cols}`);
  return {
    numUsers: userItems.rows,
    numItems,
    scoreBlock(users, out) {
      if (out.length !== users.length * numItems)
        throw new RangeError(
          `multvae scoreBlock: out has ${out.length} entries, expected ${users.length} x ${numItems}`,
        );
      if (users.length > 0) vae.scoreUsers(selectCsrRows(userItems, users), out);
    },
    scoreHistory(history, out) {
      const indices = Int32Array.from(new Set(history)).sort();
      vae.scoreUsers({ rows: 1, cols: numItems, indptr: Int32Array.of(0, indices.length), indices, values: null }, out);
    },
  };
}
