import type { ReportData } from './data.js';
export declare function renderReportHtml(d: ReportData, generated?: Date): string;
/** Metric names in a stable, readable order: family (recall, ndcg, ...) then k. */
export declare function sortMetricNames(names: Iterable<string>): string[];
