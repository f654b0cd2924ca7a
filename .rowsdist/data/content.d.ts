import type { NodeContent } from './types.js';
/** Default number of hash buckets for free text (tags, title words). */
export declare const DEFAULT_HASH_BUCKETS: number;
export declare class ContentBuilder {
    private readonly vocabIndex;
    private readonly vocabulary;
    private readonly numeric;
    private node;
    private feat;
    private val;
    private n;
    private readonly meta;
    /** Index of a feature, creating it. A name is numeric or not for good. */
    feature(name: string, numeric?: boolean): number;
    add(node: number, feature: number, value?: number): void;
    /** Adds hashed word tokens of `text` as `${prefix}#bucket` counts. */
    addTokens(node: number, prefix: string, text: string, buckets: number): void;
    setMeta(key: string, node: number, value: string | null): void;
    get isEmpty(): boolean;
    /** The CSR over `nodeCount` nodes, features sorted per node, duplicates summed, numbers standardised. */
    build(nodeCount: number): NodeContent;
}
/** Lower-case word tokens (letters and digits of any script). */
export declare function tokenize(text: string): string[];
/** FNV-1a 32-bit: stable across runs and platforms, so hashed feature names are reproducible. */
export declare function hashToken(token: string): number;
/** The content of the nodes `keep[new] = old`, in that order (used after filtering compacts ids). */
export declare function selectContent(c: NodeContent, keep: Int32Array): NodeContent;
