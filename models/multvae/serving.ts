import * as tf from '@tensorflow/tfjs';
import { ArtifactError } from '../../core/errors.js';
import { initEngine } from '../common/engine.js';
import type { BundleServing } from '../common/serving.js';
import { MultVae, type MultVaeConfig } from './multvae.js';
import { multVaeScorer } from './scorer.js';

/** A saved Mult-VAE bundle (kind "multvae": the weights, with { config, step } as state) as a Scorer. */
export const multVaeServing: BundleServing = {
  async scorer({ tensors, state }, store) {
    // Scoring runs tfjs ops: choose the engine (wasm by default) unless the caller already has.
    if (!tf.engine().backendName) await initEngine({ backend: 'auto' });
    if (typeof state.config !== 'object' || state.config === null)
      throw new ArtifactError('multvae model lacks its configuration', { hint: 'retrain the run' });
    const vae = MultVae.fromBundle(tensors, { config: state.config as MultVaeConfig, step: Number(state.step) || 0 });
    if (vae.config.numItems !== store.graph.numItems) {
      vae.dispose();
      throw new ArtifactError(`multvae model has ${vae.config.numItems} items, the graph ${store.graph.numItems}`, {
        hint: 'retrain the run on this graph',
      });
    }
    return multVaeScorer(vae, store.graph.userItems);
  },
};
