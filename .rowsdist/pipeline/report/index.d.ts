import { type OpenedRun } from '../load-model.js';
import { type ReportDataOptions } from './data.js';
/** `pipeline report`: one self-contained HTML page about a run (curves, metrics, embedding map). */
export interface ReportOptions extends ReportDataOptions {
    /** Output file (default RUN/report.html). */
    out?: string;
    graph?: string;
}
export interface ReportResult {
    out: string;
    bytes: number;
    points: number;
    colorBy: string;
}
export declare function writeReport(runDir: string, opts?: ReportOptions, opened?: OpenedRun): Promise<ReportResult>;
