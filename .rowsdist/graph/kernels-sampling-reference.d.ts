import type { Csr } from './csr.js';
export declare function sampleBprReference(ui: Csr, seed: number, mode: 'interactions' | 'users', count: number, negatives: number): {
    users: Int32Array;
    pos: Int32Array;
    neg: Int32Array;
};
export declare function sampleNegativesReference(ui: Csr, users: Int32Array, k: number, seed: number): Int32Array;
