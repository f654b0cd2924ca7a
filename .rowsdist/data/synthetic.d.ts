/**
 * A synthetic interaction log with planted structure, for the demo and for tests that must show a
 * model learns something: users and items belong to communities, users mostly pick items of their
 * own community, items carry genres correlated with their community, popularity is Zipf-skewed and
 * every interaction has a timestamp.
 */
export interface SyntheticOptions {
    users: number;
    items: number;
    communities: number;
    /** Mean interactions per user (each user gets at least 3). */
    meanPerUser: number;
    /** Probability that an interaction stays inside the user's community. */
    affinity: number;
    seed: number;
}
export declare const DEFAULT_SYNTHETIC: SyntheticOptions;
export interface SyntheticLog {
    user: Int32Array;
    item: Int32Array;
    rating: Float32Array;
    time: Float64Array;
    userCommunity: Int32Array;
    itemCommunity: Int32Array;
    itemGenres: string[][];
    itemTitles: string[];
}
export declare function generateSyntheticLog(opts?: Partial<SyntheticOptions>): SyntheticLog;
/** Writes the log as `interactions.csv` (userId,itemId,rating,timestamp) and `items.csv` (itemId,title,genres). */
export declare function writeSyntheticCsv(log: SyntheticLog, dir: string): Promise<{
    interactions: string;
    items: string;
}>;
