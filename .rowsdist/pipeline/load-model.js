import { graphChecksum, loadGraphStore } from '../graph/store.js';
import { knownScorerKinds, scorerFactory } from './scorer-registry.js';
import { RunFolder } from './run-folder.js';
export { registerScorerFactory } from './scorer-registry.js';
import { ArtifactError } from './util/errors.js';
import './train/ncf-scorer.js'; // registers the 'ncf' scorer factory
import './train/baselines-scorers.js'; // registers the 'itemknn' and 'gfcf' scorer factories
export async function openRun(dir, opts = {}) {
    const run = new RunFolder(dir);
    const record = await run.readRecord();
    if (record.status !== 'finished' && !run.hasBundle('model')) {
        throw new ArtifactError(`run ${dir} has no trained model yet (status ${record.status})`, { file: run.recordPath, hint: 'let training finish, or continue it with --resume' });
    }
    const graphDir = opts.graph ?? record.graph.dir;
    const store = await loadGraphStore(graphDir).catch((e) => {
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
    if (!factory)
        throw new ArtifactError(`unknown model kind "${kind}" in ${dir}/model`, { hint: `known kinds: ${knownScorerKinds().join(', ')}` });
    return { run, record, store, scorer: await factory(bundle, store, record), kind, bundle };
}
export { graphChecksum };
//# sourceMappingURL=load-model.js.map