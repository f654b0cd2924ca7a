/** The header and data of a rows x cols float32 matrix as .npy bytes (two parts, to avoid a copy). */
export declare function encodeNpy(data: Float32Array, rows: number, cols: number): [Uint8Array, Uint8Array];
/** Parses a .npy holding a 1-D or 2-D little-endian float32 array in C order. */
export declare function decodeNpy(bytes: Uint8Array, file?: string): {
    data: Float32Array;
    shape: number[];
};
