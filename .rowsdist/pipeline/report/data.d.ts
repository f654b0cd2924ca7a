import type { OpenedRun } from '../load-model.js';
import type { MetricsLine, RunRecord } from '../run-folder.js';
import { Rng } from '../util/rng.js';
/**
 * What the report shows, gathered from a run: its record, the metrics per epoch, and a 2-D PCA map
 * of (a sample of) the item embeddings with a colour group and hover text per point.
 */
export type ColorBy = 'auto' | 'community' | 'genre' | 'none';
export interface MapPoint {
    x: number;
    y: number;
    /** Index into `groups`. */
    g: number;
    /** Hover text: title (or id), id, degree. */
    t: string;
}
export interface ReportData {
    record: RunRecord;
    runDir: string;
    metrics: MetricsLine[];
    counts: {
        users: number;
        items: number;
        interactions: number;
    };
    map: {
        points: MapPoint[];
        groups: {
            name: string;
            count: number;
        }[];
        colorBy: Exclude<ColorBy, 'auto'>;
        sampled: number;
        total: number;
        explained: number[];
    };
}
export interface ReportDataOptions {
    /** Most points on the map (a seeded uniform sample of items beyond that). */
    maxPoints?: number;
    colorBy?: ColorBy;
    /** Coloured groups before the rest become "other". */
    maxGroups?: number;
    seed?: number;
}
export declare function collectReportData(opened: OpenedRun, opts?: ReportDataOptions): Promise<ReportData>;
/** All rows when n ≤ max, else a seeded uniform sample of `max` rows in increasing order. */
export declare function sampleRows(n: number, max: number, rng: Rng): Int32Array;
