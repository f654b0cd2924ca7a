import type { ModelFamily } from './family.js';
/** LightGCN and, with zero layers, MF-BPR. */
export declare const lightgcnFamily: ModelFamily;
