/** The addon's functions: (indptr, indices, values, rows, cols) describe a CSR; outputs are preallocated. */
export interface NativeKernels {
    abi: number;
    simd: string;
    spmm(indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number, x: Float32Array, d: number, y: Float32Array, threads: number): void;
    propagate(indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number, x0: Float32Array, d: number, layers: number, alphas: Float32Array, out: Float32Array, scratch: Float32Array | null, threads: number): void;
    sampleBpr(indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number, seed: number, mode: number, count: number, negatives: number, users: Int32Array, pos: Int32Array, neg: Int32Array, threads: number): void;
    sampleNegatives(indptr: Int32Array, indices: Int32Array, values: Float32Array | null, rows: number, cols: number, users: Int32Array, k: number, seed: number, out: Int32Array, threads: number): void;
    topK(userEmb: Float32Array, itemEmb: Float32Array, d: number, users: Int32Array, seenIndptr: Int32Array | null, seenIndices: Int32Array | null, seenValues: null, seenRows: number | null, seenCols: number | null, exIndptr: Int32Array | null, exIndices: Int32Array | null, exValues: null, exRows: number | null, exCols: number | null, k: number, outItems: Int32Array, outScores: Float32Array, threads: number): void;
}
export declare const addonPath: string;
/** The addon, or null with the reason it is not used. Loads once; warns once when it should have loaded. */
export declare function nativeKernels(): {
    addon: NativeKernels | null;
    reason?: string;
};
