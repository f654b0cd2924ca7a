/**
 * Writes a file from a sequence of chunks through a temporary sibling and a rename, so that large
 * text exports never have to fit in one string and a crash never leaves a half-written file.
 */
export declare function writeChunksAtomic(file: string, chunks: Iterable<string | Uint8Array>): Promise<number>;
/** Groups many small strings into ~1 MB chunks. */
export declare function batched(lines: Iterable<string>, target?: number): Generator<string>;
