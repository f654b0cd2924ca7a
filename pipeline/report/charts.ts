/**
 * Small static SVG line charts (training loss, validation metrics per epoch), rendered in Node so
 * the page needs no script to show them. Axes get "nice" ticks; a dashed line marks an epoch.
 */
export interface Series {
  name: string;
  points: { x: number; y: number }[];
  color: string;
}

export interface LineChartOptions {
  title: string;
  width?: number;
  height?: number;
  xLabel?: string;
  /** Only whole-number ticks on x (epochs). */
  integerX?: boolean;
  /** x of a vertical marker (e.g. the selected epoch). */
  marker?: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function lineChartSvg(series: Series[], o: LineChartOptions): string {
  const W = o.width ?? 360;
  const H = o.height ?? 220;
  const m = { l: 52, r: 12, t: 26, b: 34 };
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const head = `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(o.title)}">`;
  const title = `<text x="${W / 2}" y="16" text-anchor="middle" class="chart-title">${escapeHtml(o.title)}</text>`;
  if (pts.length === 0)
    return `${head}${title}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="muted">no data</text></svg>`;
  const [x0, x1] = padRange(Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x)));
  const [y0, y1] = padRange(Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y)));
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const parts: string[] = [head, title];
  for (const t of niceTicks(y0, y1, 5)) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${f(sy(t))}" y2="${f(sy(t))}" class="grid"/>`);
    parts.push(`<text x="${m.l - 6}" y="${f(sy(t) + 4)}" text-anchor="end" class="tick">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(x0, x1, 6).filter((v) => !o.integerX || Number.isInteger(v))) {
    parts.push(`<text x="${f(sx(t))}" y="${H - m.b + 16}" text-anchor="middle" class="tick">${fmtTick(t)}</text>`);
  }
  parts.push(
    `<line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" class="axis"/><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" class="axis"/>`,
  );
  if (o.xLabel)
    parts.push(
      `<text x="${(m.l + W - m.r) / 2}" y="${H - 4}" text-anchor="middle" class="tick">${escapeHtml(o.xLabel)}</text>`,
    );
  if (o.marker !== undefined && o.marker >= x0 && o.marker <= x1) {
    parts.push(
      `<line x1="${f(sx(o.marker))}" x2="${f(sx(o.marker))}" y1="${m.t}" y2="${H - m.b}" class="marker"><title>selected epoch ${o.marker}</title></line>`,
    );
  }
  for (const s of series) {
    const p = s.points.filter((q) => Number.isFinite(q.x) && Number.isFinite(q.y));
    if (p.length === 0) continue;
    const d = p.map((q, k) => `${k === 0 ? 'M' : 'L'}${f(sx(q.x))},${f(sy(q.y))}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${escapeHtml(s.name)}</title></path>`,
    );
    for (const q of p)
      parts.push(
        `<circle cx="${f(sx(q.x))}" cy="${f(sy(q.y))}" r="2.5" fill="${s.color}"><title>${escapeHtml(`${s.name} epoch ${q.x}: ${fmtValue(q.y)}`)}</title></circle>`,
      );
  }
  if (series.length > 1) {
    series.forEach((s, k) => {
      const y = m.t + 4 + k * 14;
      parts.push(
        `<rect x="${W - m.r - 110}" y="${y}" width="10" height="10" fill="${s.color}"/><text x="${W - m.r - 96}" y="${y + 9}" class="tick">${escapeHtml(s.name)}</text>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

function padRange(lo: number, hi: number): [number, number] {
  if (lo === hi) return [lo - (Math.abs(lo) || 1) * 0.05, hi + (Math.abs(hi) || 1) * 0.05];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** Round tick values (1, 2, 5 x 10^k steps) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((s) => s * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function fmtTick(t: number): string {
  return Math.abs(t) >= 1000 || (Math.abs(t) < 0.001 && t !== 0)
    ? t.toExponential(1)
    : String(Number(t.toPrecision(4)));
}

export function fmtValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

function f(x: number): string {
  return x.toFixed(1);
}
