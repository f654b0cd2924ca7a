import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRun, type OpenedRun } from '../../pipeline/load-model.js';
import { niceTicks } from '../../pipeline/report/charts.js';
import { collectReportData, sampleRows } from '../../pipeline/report/data.js';
import { sortMetricNames } from '../../pipeline/report/html.js';
import { writeReport } from '../../pipeline/report/index.js';
import { pca } from '../../pipeline/report/pca.js';
import { UsageError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { makeServingFixture, type ServingFixture } from './serve-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
let fx: ServingFixture;
let opened: OpenedRun;

beforeAll(async () => {
  fx = await makeServingFixture('report-');
  opened = await openRun(fx.runDir);
});

describe('PCA', () => {
  it('finds the direction of largest variance and its share (golden)', () => {
    // Points on the line t·(3, 4)/5 plus ±0.1 along (−4, 3)/5: variance 2 along the line, 0.01 across.
    const rows: number[] = [];
    for (const t of [-2, -1, 0, 1, 2]) for (const s of [-0.1, 0.1]) rows.push((3 * t - 4 * s) / 5, (4 * t + 3 * s) / 5);
    const x = Float32Array.from(rows);
    const r = pca(x, 2, { components: 2 });
    expect(r.explained[0]).toBeCloseTo(2 / 2.01, 5);
    expect(r.explained[1]).toBeCloseTo(0.01 / 2.01, 5);
    // Projection onto the first axis recovers t (up to sign, fixed to make the largest loading positive).
    for (let k = 0; k < 10; k++) expect(Math.abs(r.coords[k * 2])).toBeCloseTo(Math.abs([-2, -1, 0, 1, 2][k >> 1]), 4);
  });

  it('projects only the requested rows', () => {
    const rng = new Rng(2);
    const x = Float32Array.from({ length: 300 }, () => rng.normal());
    const all = pca(x, 3);
    const some = pca(x, 3, { rows: Int32Array.of(5, 50) });
    expect(Array.from(some.coords)).toEqual([all.coords[10], all.coords[11], all.coords[100], all.coords[101]]);
  });
});

describe('report data', () => {
  it('samples deterministically, sorted and without repeats', () => {
    const a = sampleRows(1000, 50, new Rng(3));
    expect(Array.from(a)).toEqual(Array.from(sampleRows(1000, 50, new Rng(3))));
    expect(new Set(a).size).toBe(50);
    expect(Array.from(a)).toEqual(Array.from(a).sort((p, q) => p - q));
    expect(sampleRows(10, 50, new Rng(3))).toHaveLength(10);
  });

  it('colours by genre (first listed) or community, with hover titles', async () => {
    const byGenre = await collectReportData(opened, { maxPoints: 20 });
    expect(byGenre.map.colorBy).toBe('genre');
    expect(byGenre.map.points).toHaveLength(20);
    expect(byGenre.map.total).toBe(48);
    // The first listed genre names the group ("Comedy|Romance" is Comedy).
    for (const g of byGenre.map.groups) expect(['Action', 'Comedy', 'Drama', 'Horror']).toContain(g.name);
    expect(byGenre.map.groups.reduce((s, g) => s + g.count, 0)).toBe(20);
    const all = await collectReportData(opened, { colorBy: 'community' });
    expect(all.map.points).toHaveLength(48);
    expect(all.map.groups[0].name).toMatch(/^community \d+$/);
    expect(all.map.points.some((p) => p.t.startsWith('Toy Story (1995) [200]'))).toBe(true);
    await expect(collectReportData(opened, { maxPoints: 0 })).rejects.toThrow(UsageError);
  });

  it('orders metric names by family then k, and picks round ticks', () => {
    expect(sortMetricNames(['ndcg@20', 'recall@20', 'recall@10', 'coverage@20', 'zzz'])).toEqual([
      'recall@10',
      'recall@20',
      'ndcg@20',
      'coverage@20',
      'zzz',
    ]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.95, 4.05, 6)).toEqual([1, 2, 3, 4]);
    expect(niceTicks(0.95, 2.05, 6)).toEqual([1, 1.2, 1.4, 1.6, 1.8, 2]);
  });
});

describe('HTML report', () => {
  let html = '';
  let file = '';

  beforeAll(async () => {
    file = path.join(fx.root, 'report.html');
    const r = await writeReport(fx.runDir, { out: file });
    expect(r.points).toBe(48);
    html = await fs.readFile(file, 'utf8');
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('shows the metrics table, the training curves and the map data', () => {
    expect(html).toContain('<table class="metrics" id="metrics-table">');
    expect(html).toMatch(/<td>recall@20<\/td><td>0\.8000<\/td><td>0\.7700<\/td>/);
    expect(html).toContain('aria-label="training loss"');
    expect(html).toContain('aria-label="recall@20"');
    expect(html).toContain('data-points="48"');
  });

  it('escapes titles so data cannot break out of the page', () => {
    expect(html).not.toContain('</script><b>bold</b>');
    expect(html).toContain('Evil \\u003c/script>\\u003cb>bold\\u003c/b> \\"quoted\\" (2001)');
    const scripts = html.match(/<script\b/g) ?? [];
    expect(scripts).toHaveLength(2);
  });

  it.skipIf(!haveChromium)('draws the map in headless Chromium (data-plot-drawn on <body>)', async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'report-chromium-'));
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ];
    const { stdout } = await promisify(execFile)(CHROMIUM, [...flags, '--dump-dom', `file://${file}`], {
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    expect(stdout).toMatch(/<body[^>]*data-plot-drawn="48"/);
    await fs.rm(profile, { recursive: true, force: true });
  });

  it.skipIf(haveChromium)(
    '(skipped: /usr/bin/chromium is absent; `apt-get install -y chromium` enables the browser check)',
    () => {
      process.stderr.write(
        'report.test: headless Chromium check skipped: /usr/bin/chromium is absent (apt-get install -y chromium)\n',
      );
    },
  );
});
