import { LIGHTGCN_PRESETS } from './presets.js';
import { trainLightGcn } from './train-lightgcn.js';
import { UsageError } from '../util/errors.js';
import { numberFlag, pick } from './flags.js';
/** LightGCN and, with zero layers, MF-BPR. */
export const lightgcnFamily = {
    names: ['lightgcn', 'mf-bpr'],
    describe: 'lightgcn (He et al. 2020), mf-bpr (= lightgcn --layers 0)',
    options: (y) => y
        .option('loss', { choices: ['bpr', 'softmax'], describe: 'LightGCN: bpr (paper) or sampled softmax with negatives shared by the batch' })
        .option('temperature', { type: 'number', describe: 'LightGCN softmax temperature' })
        .option('init-std', { type: 'number', describe: 'Std of the normal initialisation (0.1)' })
        .option('init', { choices: ['normal', 'svd'], describe: 'LightGCN: normal (paper) or svd (top singular vectors of the normalised interactions)' })
        .option('sampling', { choices: ['interactions', 'users'], default: 'interactions', describe: 'BPR triples per training interaction, or users first (official LightGCN code)' }),
    async train(a) {
        const presetName = a.preset ?? 'fast';
        const preset = LIGHTGCN_PRESETS[presetName];
        if (!preset)
            throw new UsageError(`unknown preset "${presetName}" for ${a.model}`, { hint: `presets: ${Object.keys(LIGHTGCN_PRESETS).join(', ')}` });
        const layers = a.model === 'mf-bpr' ? 0 : pick(numberFlag(a.layers, 'layers'), preset.layers);
        const c = a.common;
        return trainLightGcn({
            ...c,
            epochs: pick(a.epochs, preset.epochs),
            evalEvery: pick(a['eval-every'], preset.evalEvery),
            patience: pick(a.patience, preset.patience),
            ks: a.ks,
            sampling: a.sampling,
            model: {
                dim: pick(a.dim, preset.dim),
                layers,
                lr: pick(a.lr, preset.lr),
                l2: pick(a.l2, preset.l2),
                batch: pick(a.batch, preset.batch),
                loss: pick(a.loss, preset.loss),
                negatives: pick(a.negatives, preset.negatives),
                temperature: pick(a.temperature, preset.temperature),
                initStd: pick(a['init-std'], preset.initStd),
                init: pick(a.init, preset.init),
            },
        });
    },
};
//# sourceMappingURL=lightgcn-family.js.map