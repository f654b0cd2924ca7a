/**
 * Request counters and latency quantiles for `GET /metrics`: per route, counts by status code and
 * the p50/p90/p99/max of the last `window` latencies (a ring buffer, so memory stays bounded and
 * quantiles follow recent traffic).
 */
export interface RouteMetrics {
    count: number;
    status: Record<string, number>;
    latencyMs: {
        p50: number;
        p90: number;
        p99: number;
        max: number;
        mean: number;
        window: number;
    };
}
export interface MetricsSnapshot {
    uptimeSeconds: number;
    requests: number;
    routes: Record<string, RouteMetrics>;
}
export declare class ServerMetrics {
    private readonly window;
    private readonly routes;
    private readonly started;
    private total;
    constructor(window?: number);
    record(route: string, status: number, ms: number): void;
    snapshot(): MetricsSnapshot;
}
/** Nearest-rank quantile of sorted values (0 when empty). */
export declare function quantile(sorted: ArrayLike<number>, q: number): number;
