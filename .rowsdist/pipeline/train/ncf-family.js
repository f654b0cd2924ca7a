import { NCF_KINDS } from '../../models/ncf/spec.js';
import { UsageError } from '../util/errors.js';
import { numberFlag, numberListFlag, pick } from './flags.js';
import { ncfDefaults } from './ncf-presets.js';
import { trainNcf } from './ncf-train.js';
/**
 * The NCF family (He et al., WWW 2017) and biased MF:
 *   --model mf      biased matrix factorisation on ratings (--dim 0: biases only; --no-biases --dim 0: global mean)
 *   --model gmf     generalised MF, --dim factors
 *   --model mlp     MLP tower over [p_u; q_i], --layers 64,32,16,8
 *   --model neumf   GMF + MLP with separate embeddings; --pretrain GMF_RUN,MLP_RUN to start from them
 */
export const ncfFamily = {
    names: NCF_KINDS,
    describe: 'mf (biased MF for ratings), gmf, mlp, neumf (He et al. 2017)',
    options: (y) => y
        .option('objective', { choices: ['implicit', 'rating'], describe: 'NCF: implicit (BCE with sampled negatives) or rating (MSE); default rating for mf, implicit otherwise' })
        .option('pretrain', { type: 'string', describe: 'NeuMF: GMF_RUN,MLP_RUN to initialise from (then fine-tuned with SGD)' })
        .option('pretrain-alpha', { type: 'number', describe: 'NeuMF pre-training: weight of GMF in the output layer (0.5)' })
        .option('optimizer', { choices: ['adam', 'sgd'], describe: 'NCF: optimiser (adam; sgd when fine-tuning a pre-trained NeuMF)' })
        .option('lr-schedule', { choices: ['none', 'plateau'], describe: 'NCF: learning-rate schedule (none)' })
        .option('lr-factor', { type: 'number', describe: 'Plateau schedule: multiply the rate by this (0.5)' })
        .option('lr-patience', { type: 'number', describe: 'Plateau schedule: epochs without improvement before lowering (2)' })
        .option('min-lr', { type: 'number', describe: 'Plateau schedule: lowest rate (1e-5)' })
        .option('biases', { type: 'boolean', describe: 'mf: learn user and item biases (default true)' }),
    async train(a) {
        const kind = a.model;
        const pretrainFlag = a.pretrain;
        if (pretrainFlag !== undefined && kind !== 'neumf')
            throw new UsageError(`--pretrain applies to neumf, not ${kind}`, { field: 'pretrain' });
        const pretrain = pretrainFlag === undefined ? null : parsePretrain(pretrainFlag, a['pretrain-alpha']);
        const objective = a.objective;
        const d = ncfDefaults(kind, objective, pretrain !== null);
        const c = a.common;
        const layers = pick(numberListFlag(a.layers, 'layers'), d.layers);
        const dim = pick(numberFlag(a.dim, 'dim'), d.dim);
        if (!Number.isInteger(dim) || dim < (kind === 'mf' ? 0 : 1))
            throw new UsageError(`--dim must be an integer >= ${kind === 'mf' ? 0 : 1} for ${kind}, got ${dim}`, { field: 'dim' });
        const batch = pick(a.batch, d.batch);
        if (!Number.isInteger(batch) || batch < 1)
            throw new UsageError(`--batch must be a positive integer, got ${batch}`, { field: 'batch' });
        const negatives = pick(a.negatives, d.negatives);
        if (d.objective === 'implicit' && (!Number.isInteger(negatives) || negatives < 1)) {
            throw new UsageError(`--negatives must be a positive integer for implicit training, got ${negatives}`, { field: 'negatives' });
        }
        const lr = pick(a.lr, d.lr);
        if (!(lr > 0))
            throw new UsageError(`--lr must be positive, got ${lr}`, { field: 'lr' });
        const l2 = pick(a.l2, d.l2);
        if (!(l2 >= 0))
            throw new UsageError(`--l2 must be >= 0, got ${l2}`, { field: 'l2' });
        const schedule = a['lr-schedule'] ?? 'none';
        const lrFactor = a['lr-factor'] ?? 0.5;
        const lrPatience = a['lr-patience'] ?? 2;
        if (!(lrFactor > 0 && lrFactor < 1))
            throw new UsageError(`--lr-factor must be in (0, 1), got ${lrFactor}`, { field: 'lr-factor' });
        if (!Number.isInteger(lrPatience) || lrPatience < 1)
            throw new UsageError(`--lr-patience must be a positive integer, got ${lrPatience}`, { field: 'lr-patience' });
        return trainNcf({
            ...c,
            epochs: pick(a.epochs, d.epochs),
            evalEvery: pick(a['eval-every'], d.evalEvery),
            patience: pick(a.patience, d.patience),
            ks: a.ks,
            kind,
            objective: d.objective,
            dim,
            layers,
            biases: a.biases ?? true,
            lr,
            l2,
            batch,
            negatives,
            optimizer: pick(a.optimizer, d.optimizer),
            initStd: pick(a['init-std'], d.initStd),
            lrSchedule: schedule === 'plateau'
                ? { factor: lrFactor, patience: lrPatience, minLr: a['min-lr'] ?? 1e-5 }
                : null,
            pretrain,
        });
    },
};
function parsePretrain(value, alpha) {
    const parts = value.split(',').map((s) => s.trim());
    if (parts.length !== 2 || parts.some((p) => p === '')) {
        throw new UsageError(`--pretrain takes two run folders, GMF_RUN,MLP_RUN; got "${value}"`, { field: 'pretrain' });
    }
    const a = alpha ?? 0.5;
    if (!(a >= 0 && a <= 1))
        throw new UsageError(`--pretrain-alpha must be in [0, 1], got ${a}`, { field: 'pretrain-alpha' });
    return { gmf: parts[0], mlp: parts[1], alpha: a };
}
//# sourceMappingURL=ncf-family.js.map