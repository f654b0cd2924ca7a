import { graphChecksum, loadGraphStore, type LoadedGraphStore } from '../graph/store.js';
import type { Scorer } from '../models/common/scorer.js';
import type { BundleServing } from '../models/common/serving.js';
import { ArtifactError } from '../core/errors.js';
import { bundleKinds, bundleServing } from './registry.js';
import { RunFolder, type RunRecord, type TensorBundle } from './run-folder.js';

/**
 * Opens a finished run: its record, its graph (verified against the checksum recorded at training
 * time) and a Scorer for the selected model, through the serving code the registry gives its bundle kind.
 */
export interface OpenedRun {
  run: RunFolder;
  record: RunRecord;
  store: LoadedGraphStore;
  scorer: Scorer;
  /** The `kind` stored with the model bundle (e.g. "dot-product"). */
  kind: string;
  bundle: { tensors: TensorBundle; state: Record<string, unknown> };
  serving: BundleServing;
}

export async function openRun(dir: string, opts: { graph?: string } = {}): Promise<OpenedRun> {
  const run = new RunFolder(dir);
  const record = await run.readRecord();
  if (record.status !== 'finished' && !run.hasBundle('model')) {
    throw new ArtifactError(`run ${dir} has no trained model yet (status ${record.status})`, {
      file: run.recordPath,
      hint: 'let training finish, or continue it with --resume',
    });
  }
  const graphDir = opts.graph ?? record.graph.dir;
  const store = await loadGraphStore(graphDir).catch((e: unknown) => {
    if (e instanceof ArtifactError) {
      throw new ArtifactError(`the run's graph cannot be loaded: ${e.message}`, {
        file: graphDir,
        hint: 'pass --graph DIR if the graph folder moved',
        cause: e,
      });
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
  const serving = await bundleServing(kind);
  if (!serving)
    throw new ArtifactError(`unknown model kind "${kind}" in ${dir}/model`, {
      hint: `known kinds: ${bundleKinds().join(', ')}`,
    });
  return { run, record, store, scorer: await serving.scorer(bundle, store), kind, bundle, serving };
}

export { graphChecksum };
