import { graphChecksum, loadGraphStore, type LoadedGraphStore } from '../graph/store.js';
import { openRunGraph, readFinishedRecord } from './run-graph.js';
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

export async function openRun(
  dir: string,
  opts: { graph?: string; evaluating?: 'valid' | 'test' } = {},
): Promise<OpenedRun> {
  const run = new RunFolder(dir);
  const record = await readFinishedRecord(run);
  const store = await openRunGraph(record, opts.graph, (d) => loadGraphStore(d));
  const bundle = await run.loadBundle('model');
  const kind = String(bundle.state.kind ?? '');
  const serving = await bundleServing(kind);
  if (!serving)
    throw new ArtifactError(`unknown model kind "${kind}" in ${dir}/model`, {
      hint: `known kinds: ${bundleKinds().join(', ')}`,
    });
  return {
    run,
    record,
    store,
    scorer: await serving.scorer(bundle, store, { evaluating: opts.evaluating }),
    kind,
    bundle,
    serving,
  };
}

export { graphChecksum };
