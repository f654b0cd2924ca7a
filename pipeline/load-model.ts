import { graphChecksum, loadGraphStore, type LoadedGraphStore } from '../graph/store.js';
import type { Scorer } from '../models/scorer.js';
import { knownScorerKinds, scorerFactory } from './scorer-registry.js';
import { RunFolder, type RunRecord, type TensorBundle } from './run-folder.js';
export { registerScorerFactory, type ScorerFactory } from './scorer-registry.js';
import { ArtifactError } from '../core/errors.js';
import './train/ncf-scorer.js'; // registers the 'ncf' scorer factory
import './train/baselines-scorers.js'; // registers the itemknn, gfcf, random and content-knn scorer factories
import './train/hybrid-scorer.js'; // registers the 'lightgcn-ncf' scorer and recommender

/**
 * Opens a finished run: its record, its graph (verified against the checksum recorded at training
 * time) and a Scorer for the selected model. Model kinds register how their bundle becomes a Scorer.
 */
export interface OpenedRun {
  run: RunFolder;
  record: RunRecord;
  store: LoadedGraphStore;
  scorer: Scorer;
  /** The `kind` stored with the model bundle (e.g. "dot-product"). */
  kind: string;
  bundle: { tensors: TensorBundle; state: Record<string, unknown> };
}

export async function openRun(dir: string, opts: { graph?: string } = {}): Promise<OpenedRun> {
  const run = new RunFolder(dir);
  const record = await run.readRecord();
  if (record.status !== 'finished' && !run.hasBundle('model')) {
    throw new ArtifactError(`run ${dir} has no trained model yet (status ${record.status})`, { file: run.recordPath, hint: 'let training finish, or continue it with --resume' });
  }
  const graphDir = opts.graph ?? record.graph.dir;
  const store = await loadGraphStore(graphDir).catch((e: unknown) => {
    if (e instanceof ArtifactError) {
      throw new ArtifactError(`the run's graph cannot be loaded: ${e.message}`, { file: graphDir, hint: 'pass --graph DIR if the graph folder moved', cause: e });
    }
    throw e;
  });
  if (record.graph.checksum !== graphChecksum(store)) {
    throw new ArtifactError(`graph ${graphDir} is not the graph this run was trained on (checksum differs)`, {
      file: graphDir,
      hint: 'evaluate with the graph folder used for training (--graph), or retrain',
    });
  }
  const bundle = await run.loadBundle('model');
  const kind = String(bundle.state.kind ?? '');
  const factory = scorerFactory(kind);
  if (!factory) throw new ArtifactError(`unknown model kind "${kind}" in ${dir}/model`, { hint: `known kinds: ${knownScorerKinds().join(', ')}` });
  return { run, record, store, scorer: await factory(bundle, store, record), kind, bundle };
}

export { graphChecksum };
