import * as path from 'node:path';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import type { ModelSink } from '../common/trainable.js';
import { artifactsFromBundle, artifactsToBundle, modelArtifacts, networkFromArtifacts, saveNcfModel } from './io.js';
import type { NcfNetwork } from './network.js';

/**
 * Where an NCF run keeps its selected model: the run folder's model bundle (the tfjs artifacts as
 * checksummed float32 arrays plus the topology, which `pipeline evaluate` loads) and RUN/tfjs-model/
 * (model.json + weights.bin, the standard tfjs layout for use outside pipeline).
 */
export const NCF_BUNDLE_KIND = 'ncf';
export const TFJS_MODEL_DIR = 'tfjs-model';

export interface NcfModelState {
  epoch: number;
  objective: string;
  /** Clipping range of rating predictions (rating runs). */
  ratingRange?: [number, number];
}

export async function saveNcfRunModel(run: ModelSink, net: NcfNetwork, state: NcfModelState): Promise<void> {
  const bundle = artifactsToBundle(await modelArtifacts(net));
  await run.saveBundle('model', bundle.tensors, {
    ...bundle.state,
    ...state,
    kind: NCF_BUNDLE_KIND,
    model: net.spec.kind,
  });
  await saveNcfModel(path.join(run.dir, TFJS_MODEL_DIR), net);
}

export async function networkFromBundle(bundle: {
  tensors: TensorBundle;
  state: Record<string, unknown>;
}): Promise<NcfNetwork> {
  return networkFromArtifacts(artifactsFromBundle(bundle));
}
