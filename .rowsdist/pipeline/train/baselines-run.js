import * as path from 'node:path';
import { kernelInfo, setKernelThreads } from '../../graph/kernels.js';
import { loadGraphStore } from '../../graph/store.js';
import { writeEmbeddingsArrow } from '../embeddings-file.js';
import { evaluateFullRanking } from '../evaluate/full-ranking.js';
import { graphChecksum } from '../load-model.js';
import { RunFolder, newRunRecord, peakRssMB } from '../run-folder.js';
import { UsageError } from '../util/errors.js';
import { formatSeconds } from '../util/progress.js';
import { Rng } from '../util/rng.js';
import { evaluationSets, nnz, splitMasks } from './split-masks.js';
import { formatMetrics } from './train-lightgcn.js';
export async function runBaseline(opts) {
    const log = opts.log ?? ((l) => process.stderr.write(l + '\n'));
    const store = await loadGraphStore(opts.graph);
    if (opts.threads !== undefined)
        setKernelThreads(opts.threads);
    const kernels = kernelInfo();
    log(`kernels: ${kernels.native ? 'native' : 'TypeScript fallback'}, ${kernels.threads} threads${kernels.reason ? ` (${kernels.reason})` : ''}`);
    const masks = splitMasks(store);
    const selectOn = resolveSelection(opts.selectOn, masks);
    const run = new RunFolder(opts.out);
    const resuming = opts.resume && opts.iterative && run.hasBundle('checkpoint');
    if (opts.resume && !opts.iterative)
        log(`${opts.model} is fitted in closed form: --resume refits it from scratch`);
    let record;
    if (resuming) {
        record = await run.readRecord();
    }
    else {
        record = newRunRecord({
            model: opts.model,
            config: { ...opts.config, selectOn, selectMetric: opts.selectMetric, ks: opts.ks },
            seed: opts.seed,
            graph: { dir: path.resolve(opts.graph), checksum: graphChecksum(store) },
            engine: { kernels },
        });
        await run.writeRecord(record);
    }
    const evaluate = (scorer, split) => {
        const r = evaluateFullRanking({ scorer, ...evaluationSets(masks, split), ks: opts.ks, quiet: opts.quiet });
        const value = r.metrics[opts.selectMetric];
        if (value === undefined)
            throw new UsageError(`unknown --select-metric ${opts.selectMetric}`, { hint: `one of ${Object.keys(r.metrics).join(', ')}` });
        return { ...r, value };
    };
    const ctx = {
        store, masks, run, rng: new Rng(opts.seed), selectOn, selectMetric: opts.selectMetric, ks: opts.ks,
        quiet: opts.quiet, resuming, log, evaluate,
    };
    const fitted = await opts.fit(ctx);
    log(`${opts.model}: fitted in ${formatSeconds(fitted.fitSeconds)}`);
    await run.saveBundle('model', fitted.tensors, { ...fitted.state, epoch: fitted.epoch, kind: fitted.kind });
    let selectionValue = fitted.selected?.value ?? Number.NaN;
    if (fitted.selected === undefined && selectOn === 'valid') {
        const r = evaluate(fitted.scorer, 'valid');
        selectionValue = r.value;
        await run.appendMetrics({ epoch: fitted.epoch, split: 'valid', metrics: r.metrics, evalSeconds: r.seconds });
        log(`valid: ${formatMetrics(r.metrics, opts.ks)} (eval ${formatSeconds(r.seconds)})`);
    }
    let test = null;
    if (nnz(masks.test) > 0) {
        const r = evaluate(fitted.scorer, 'test');
        test = r.metrics;
        if (selectOn === 'test' && fitted.selected === undefined)
            selectionValue = r.value;
        await run.appendMetrics({ epoch: fitted.epoch, split: 'test', metrics: r.metrics, evalSeconds: r.seconds });
        log(`test: ${formatMetrics(r.metrics, opts.ks)} (eval ${formatSeconds(r.seconds)})`);
    }
    if (fitted.embeddings) {
        const { dim, users, items } = fitted.embeddings;
        await writeEmbeddingsArrow(path.join(opts.out, 'user-embeddings.arrow'), store.dataset.users, users, dim);
        await writeEmbeddingsArrow(path.join(opts.out, 'item-embeddings.arrow'), store.dataset.items, items, dim);
    }
    record = {
        ...record,
        status: 'finished',
        selection: {
            epoch: fitted.epoch,
            split: selectOn === 'none' ? 'valid' : selectOn,
            metric: opts.selectMetric,
            value: selectionValue,
            note: selectionNote(selectOn, opts.iterative && fitted.selected !== undefined),
        },
        trainSeconds: fitted.fitSeconds,
        peakRssMB: peakRssMB(),
    };
    await run.writeRecord(record);
    return { run: opts.out, record, test };
}
function selectionNote(selectOn, selectedIterations) {
    if (selectOn === 'none')
        return 'no validation split: the model as fitted is used';
    if (!selectedIterations)
        return `nothing selected: the ${selectOn} metric of the fitted model is recorded`;
    return selectOn === 'test' ? 'iteration selected on test: optimistic, as in papers that did so' : undefined;
}
/** auto → valid when the graph has a validation split, else none (same rule as LightGCN). */
export function resolveSelection(requested, masks) {
    if (requested === 'auto')
        return nnz(masks.valid) > 0 ? 'valid' : 'none';
    if (requested === 'valid' && nnz(masks.valid) === 0) {
        throw new UsageError('--select-on valid needs a validation split', { hint: 'rebuild the graph with --valid 0.1, or use --select-on none' });
    }
    return requested;
}
//# sourceMappingURL=baselines-run.js.map