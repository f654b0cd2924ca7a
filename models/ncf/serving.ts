import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../common/engine.js';
import type { BundleServing } from '../common/serving.js';
import { networkFromBundle } from './run-model.js';
import { ncfScorer } from './scorer.js';

/** A saved NCF bundle turned back into the tfjs network, wrapped in an NCF scorer (pair scoring included). */
export const ncfServing: BundleServing = {
  async scorer(bundle) {
    // NCF scoring runs tfjs ops: choose the engine (wasm by default) unless the caller already has.
    if (!tf.engine().backendName) await initEngine({ backend: 'auto' });
    return ncfScorer(await networkFromBundle(bundle));
  },
};
