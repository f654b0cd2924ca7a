import { loadGraphStore, type LoadedGraphStore } from '../graph/store.js';
import { dotProductScorer, type Scorer } from '../models/scorer.js';
import { RunFolder, type RunRecord, type TensorBundle } from './run-folder.js';
import { ArtifactError } from './util/errors.js';

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

export type ScorerFactory = (bundle: { tensors: TensorBundle; state: Record<string, unknown> }, store: LoadedGraphStore, record: RunRecord) => Scorer | Promise<Scorer>;

const factories = new Map<string, ScorerFactory>([
  [
    'dot-product',
    ({ tensors }) => {
      const { users, items } = tensors;
      return dotProductScorer({ dim: users.shape[1], users: users.data, items: items.data });
    },
  ],
]);

/** Lets a model family (NCF, baselines, hybrid) say how its saved bundle scores. */
export function registerScorerFactory(kind: string, factory: ScorerFactory): void {
  factories.set(kind, factory);
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
  const factory = factories.get(kind);
  if (!factory) throw new ArtifactError(`unknown model kind "${kind}" in ${dir}/model`, { hint: `known kinds: ${[...factories.keys()].join(', ')}` });
  return { run, record, store, scorer: await factory(bundle, store, record), kind, bundle };
}

/** The checksum a run records for its graph (file names and content hashes from the manifest). */
export function graphChecksum(store: LoadedGraphStore): string {
  return Object.entries(store.manifest.files)
    .map(([name, f]) => `${name}:${f.sha256.slice(0, 16)}`)
    .join(',');
}
