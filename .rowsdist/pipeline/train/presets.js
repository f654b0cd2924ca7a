import { PAPER_CONFIG } from '../../models/lightgcn.js';
export const LIGHTGCN_PRESETS = {
    paper: { ...PAPER_CONFIG, epochs: 1000, evalEvery: 20, patience: 5 },
    fast: {
        ...PAPER_CONFIG,
        loss: 'softmax',
        batch: 8192,
        lr: 0.005,
        negatives: 1024,
        temperature: 0.1,
        l2: 1e-4,
        epochs: 60,
        evalEvery: 5,
        patience: 3,
    },
};
//# sourceMappingURL=presets.js.map