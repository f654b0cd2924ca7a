import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../../models/engine.js';
import { ncfScorer } from '../../models/ncf/scorer.js';
import { registerScorerFactory } from '../scorer-registry.js';
import { NCF_BUNDLE_KIND, networkFromBundle } from './ncf-run-model.js';
/**
 * Makes `openRun` (pipeline evaluate, recommend, serve) able to score NCF runs: the model bundle is
 * turned back into the tfjs network and wrapped in an NCF scorer (pair scoring included).
 */
export const ncfScorerFactory = async (bundle) => {
    // NCF scoring runs tfjs ops: choose the engine (wasm by default) unless the caller already has.
    if (!tf.engine().backendName)
        await initEngine({ backend: 'auto' });
    return ncfScorer(await networkFromBundle(bundle));
};
registerScorerFactory(NCF_BUNDLE_KIND, ncfScorerFactory);
//# sourceMappingURL=ncf-scorer.js.map