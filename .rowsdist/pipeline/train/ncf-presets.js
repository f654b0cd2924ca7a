const IMPLICIT = {
    objective: 'implicit',
    dim: 8,
    layers: [64, 32, 16, 8],
    lr: 0.001,
    l2: 0,
    batch: 256,
    negatives: 4,
    epochs: 20,
    optimizer: 'adam',
    initStd: 0.01,
    evalEvery: 1,
    patience: 5,
};
/** Biased MF on ratings: weight decay does the work that early stopping would otherwise do. */
const RATING_MF = {
    objective: 'rating',
    dim: 64,
    layers: [64, 32, 16, 8],
    lr: 0.005,
    l2: 0.2,
    batch: 1024,
    negatives: 0,
    epochs: 15,
    optimizer: 'adam',
    initStd: 0.1,
    evalEvery: 1,
    patience: 5,
};
export function ncfDefaults(kind, objective, pretrained) {
    const obj = objective ?? (kind === 'mf' ? 'rating' : 'implicit');
    if (obj === 'rating')
        return kind === 'mf' ? { ...RATING_MF } : { ...IMPLICIT, objective: 'rating', lr: 0.001, batch: 1024, negatives: 0, l2: 1e-3 };
    const base = { ...IMPLICIT, ...(kind === 'mf' ? { dim: 64, initStd: 0.1 } : {}) };
    // Pre-trained NeuMF is fine-tuned with plain SGD (the paper), which needs a larger step than Adam.
    return pretrained ? { ...base, optimizer: 'sgd', lr: 0.05, epochs: 10 } : base;
}
//# sourceMappingURL=ncf-presets.js.map