/**
 * `pipeline benchmark`: every model of a dataset through the same harness (build-graph once, then
 * train + evaluate each model in its own process so that peak RSS is per model), written as a
 * markdown table beside the published figures on the same split.
 */
export interface BenchmarkModel {
    /** Row label. */
    label: string;
    /** Arguments after `pipeline train --graph G --out R`. */
    train: string[];
    /** Arguments for the quick version (fewer epochs), or the same. */
    quick?: string[];
    /** Published Recall@20 / NDCG@20 on this split, with where it comes from. */
    published?: {
        recall: number;
        ndcg: number;
        source: string;
    };
}
export interface BenchmarkDataset {
    name: string;
    /** `pipeline build-graph` arguments; `{data}` is replaced by the data folder. */
    build: string[];
    models: BenchmarkModel[];
    /** What the split is, for the table caption. */
    protocol: string;
}
export declare const BENCHMARK_DATASETS: Record<string, BenchmarkDataset>;
export interface BenchmarkOptions {
    dataset: string;
    models?: string[];
    quick: boolean;
    data: string;
    work: string;
    out: string | null;
    log: (line: string) => void;
}
export interface BenchmarkRow {
    label: string;
    recall: number | null;
    ndcg: number | null;
    trainSeconds: number;
    evalSeconds: number | null;
    peakRssMB: number | null;
    published?: BenchmarkModel['published'];
    error?: string;
}
export declare function runBenchmark(opts: BenchmarkOptions): Promise<{
    rows: BenchmarkRow[];
    markdown: string;
}>;
export declare function benchmarkMarkdown(ds: BenchmarkDataset, rows: BenchmarkRow[], quick: boolean): string;
