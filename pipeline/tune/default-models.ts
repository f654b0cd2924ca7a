/**
 * The models `pipeline tune` and `pipeline benchmark --graph` run when none are named: fast ones
 * that cover the main kinds (neighbourhood, closed-form and ALS factorisation, BPR, graph).
 */
export const DEFAULT_TUNE_MODELS = ['itemknn', 'svd', 'ease', 'ials', 'mf-bpr', 'lightgcn'];
