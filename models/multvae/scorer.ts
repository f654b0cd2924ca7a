import { selectCsrRows } from '../../graph/csr-rows.js';
import { singleRowCsr, type Csr } from '../../graph/csr.js';
import { checkScoreBlock, type Scorer } from '../common/scorer.js';
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
      checkScoreBlock('multvae', out, users.length, numItems);
      if (users.length > 0) vae.scoreUsers(selectCsrRows(userItems, users), out);
    },
    scoreHistory(history, out) {
      vae.scoreUsers(singleRowCsr(history, numItems), out);
    },
  };
}
