/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32). Every random choice in the
 * project takes one of these explicitly, so runs are reproducible from their recorded seed.
 */
export declare class Rng {
    private s0;
    private s1;
    private s2;
    private s3;
    constructor(seed: number);
    /** Uniform 32-bit unsigned integer. */
    nextUint32(): number;
    /** Uniform in [0, 1). */
    next(): number;
    /** Uniform integer in [0, n). */
    int(n: number): number;
    /** Standard normal (Box–Muller). */
    normal(): number;
    /** In-place Fisher–Yates shuffle. */
    shuffle<T extends {
        length: number;
        [i: number]: unknown;
    }>(a: T): T;
    /** A new independent generator derived from this one (for a sub-task that needs its own stream). */
    fork(): Rng;
}
