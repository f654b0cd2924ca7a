import * as path from 'node:path';
import { openRun, type OpenedRun } from '../load-model.js';
import { writeFileAtomic } from '../../core/atomic.js';
import { collectReportData, type ReportDataOptions } from './data.js';
import { renderReportHtml } from './html.js';

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

export async function writeReport(runDir: string, opts: ReportOptions = {}, opened?: OpenedRun): Promise<ReportResult> {
  const run = opened ?? (await openRun(runDir, { graph: opts.graph }));
  const data = await collectReportData(run, opts);
  const html = renderReportHtml(data);
  const out = opts.out ?? path.join(runDir, 'report.html');
  await writeFileAtomic(out, html);
  return { out, bytes: Buffer.byteLength(html), points: data.map.points.length, colorBy: data.map.colorBy };
}
