import * as path from 'node:path';
import { openRun } from '../load-model.js';
import { writeFileAtomic } from '../util/atomic.js';
import { collectReportData } from './data.js';
import { renderReportHtml } from './html.js';
export async function writeReport(runDir, opts = {}, opened) {
    const run = opened ?? (await openRun(runDir, { graph: opts.graph }));
    const data = await collectReportData(run, opts);
    const html = renderReportHtml(data);
    const out = opts.out ?? path.join(runDir, 'report.html');
    await writeFileAtomic(out, html);
    return { out, bytes: Buffer.byteLength(html), points: data.map.points.length, colorBy: data.map.colorBy };
}
//# sourceMappingURL=index.js.map