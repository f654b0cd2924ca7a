/** Ids longer than this are taken as a wrong column or a broken line, not as an id. */
export declare const MAX_ID_LENGTH = 256;
export declare class IdMap {
    readonly kind: 'user' | 'item';
    /** Canonical decimal ids ("0", "42", not "042") keyed by value: much faster than string keys. */
    private readonly numeric;
    private readonly strings;
    readonly ids: string[];
    constructor(kind: 'user' | 'item');
    get size(): number;
    /** Dense index of `id`, adding it if new. The caller validates the id first (checkId). */
    intern(id: string): number;
    /** Dense index of `id`, or undefined when it was never seen. */
    get(id: string): number | undefined;
}
/**
 * The value of a decimal id written canonically (no sign, no leading zero, at most 15 digits, so
 * exact as a double), else -1. Such ids map one-to-one to their values.
 */
export declare function canonicalInteger(id: string): number;
/** Why an id is unusable, or null when it is fine. */
export declare function checkId(id: string): string | null;
/** Why a token is not a non-negative integer id (LightGCN and NCF files), or null when it is. */
export declare function checkIntegerId(id: string): string | null;
