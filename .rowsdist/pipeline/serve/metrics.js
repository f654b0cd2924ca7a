class RouteStats {
    count = 0;
    status = new Map();
    ring;
    filled = 0;
    next = 0;
    constructor(window) {
        this.ring = new Float64Array(window);
    }
    add(status, ms) {
        this.count++;
        this.status.set(status, (this.status.get(status) ?? 0) + 1);
        this.ring[this.next] = ms;
        this.next = (this.next + 1) % this.ring.length;
        this.filled = Math.min(this.filled + 1, this.ring.length);
    }
    snapshot() {
        const sorted = this.ring.slice(0, this.filled).sort();
        let sum = 0;
        for (const x of sorted)
            sum += x;
        return {
            count: this.count,
            status: Object.fromEntries([...this.status].sort((a, b) => a[0] - b[0]).map(([s, n]) => [String(s), n])),
            latencyMs: {
                p50: round(quantile(sorted, 0.5)),
                p90: round(quantile(sorted, 0.9)),
                p99: round(quantile(sorted, 0.99)),
                max: round(sorted.length > 0 ? sorted[sorted.length - 1] : 0),
                mean: round(sorted.length > 0 ? sum / sorted.length : 0),
                window: sorted.length,
            },
        };
    }
}
export class ServerMetrics {
    window;
    routes = new Map();
    started = performance.now();
    total = 0;
    constructor(window = 4096) {
        this.window = window;
    }
    record(route, status, ms) {
        let r = this.routes.get(route);
        if (!r)
            this.routes.set(route, (r = new RouteStats(this.window)));
        r.add(status, ms);
        this.total++;
    }
    snapshot() {
        const routes = {};
        for (const [name, r] of [...this.routes].sort((a, b) => a[0].localeCompare(b[0])))
            routes[name] = r.snapshot();
        return { uptimeSeconds: round((performance.now() - this.started) / 1000), requests: this.total, routes };
    }
}
/** Nearest-rank quantile of sorted values (0 when empty). */
export function quantile(sorted, q) {
    if (sorted.length === 0)
        return 0;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank];
}
function round(x) {
    return Math.round(x * 1000) / 1000;
}
//# sourceMappingURL=metrics.js.map