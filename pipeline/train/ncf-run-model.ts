import * as path from 'node:path';
import { artifactsFromBundle, artifactsToBundle, modelArtifacts, networkFromArtifacts, saveNcfModel } from '../../models/ncf/io.js';
import type { NcfNetwork } from '../../models/ncf/network.js';
import { RunFolder, type RunRecord, type TensorBundle } from '../run-folder.js';
import { ArtifactError } from '../../core/errors.js';

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

export async function saveNcfRunModel(run: RunFolder, net: NcfNetwork, state: NcfModelState): Promise<void> {
  const bundle = artifactsToBundle(await modelArtifacts(net));
  await run.saveBundle('model', bundle.tensors, { ...bundle.state, ...state, kind: NCF_BUNDLE_KIND, model: net.spec.kind });
  await saveNcfModel(path.join(run.dir, TFJS_MODEL_DIR), net);
}

export async function networkFromBundle(bundle: { tensors: TensorBundle; state: Record<string, unknown> }): Promise<NcfNetwork> {
  return networkFromArtifacts(artifactsFromBundle(bundle));
}

/** The selected network of a finished NCF run (for pre-training NeuMF), checked against the graph. */
export async function loadNcfRun(dir: string, graphChecksum: string): Promise<{ net: NcfNetwork; record: RunRecord }> {
  const run = new RunFolder(dir);
  const record = await run.readRecord();
  const bundle = await run.loadBundle('model');
  if (bundle.state.kind !== NCF_BUNDLE_KIND) {
    throw new ArtifactError(`${dir} holds a ${String(bundle.state.kind)} model, not an NCF one`, { file: dir, hint: 'pass runs trained with --model gmf and --model mlp' });
  }
  if (record.graph.checksum !== graphChecksum) {
    throw new ArtifactError(`${dir} was trained on another graph (checksum differs)`, { file: dir, hint: 'pre-train GMF and MLP on the same graph folder as NeuMF' });
  }
  return { net: await networkFromBundle(bundle), record };
}
