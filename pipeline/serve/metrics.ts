/**
 * Request counters and latency quantiles for `GET /metrics`: per route, counts by status code and
 * the p50/p90/p99/max of the last `window` latencies (a ring buffer, so memory stays bounded and
 * quantiles follow recent traffic).
 */
export interface RouteMetrics {
  count: number;
  status: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number; window: number };
}

export interface MetricsSnapshot {
  uptimeSeconds: number;
  requests: number;
  routes: Record<string, RouteMetrics>;
}

class RouteStats {
  count = 0;
  readonly status = new Map<number, number>();
  private readonly ring: Float64Array;
  private filled = 0;
  private next = 0;

  constructor(window: number) {
    this.ring = new Float64Array(window);
  }

  add(status: number, ms: number): void {
    this.count++;
    this.status.set(status, (this.status.get(status) ?? 0) + 1);
    this.ring[this.next] = ms;
    this.next = (this.next + 1) % this.ring.length;
    this.filled = Math.min(this.filled + 1, this.ring.length);
  }

  snapshot(): RouteMetrics {
    const sorted = this.ring.slice(0, this.filled).sort();
    let sum = 0;
    for (const x of sorted) sum += x;
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
  private readonly routes = new Map<string, RouteStats>();
  private readonly started = performance.now();
  private total = 0;

  constructor(private readonly window = 4096) {}

  record(route: string, status: number, ms: number): void {
    let r = this.routes.get(route);
    if (!r) this.routes.set(route, (r = new RouteStats(this.window)));
    r.add(status, ms);
    this.total++;
  }

  snapshot(): MetricsSnapshot {
    const routes: Record<string, RouteMetrics> = {};
    for (const [name, r] of [...this.routes].sort((a, b) => a[0].localeCompare(b[0]))) routes[name] = r.snapshot();
    return { uptimeSeconds: round((performance.now() - this.started) / 1000), requests: this.total, routes };
  }
}

/** Nearest-rank quantile of sorted values (0 when empty). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
