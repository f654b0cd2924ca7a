import * as path from 'node:path';
import { hnswAvailable } from '../models/ann/hnsw.js';
import { exportEmbeddings } from './export/index.js';
import { vectorsSha256 } from './export/run-vectors.js';
import { recommendItems } from './recommend.js';
import { writeReport } from './report/index.js';
import { buildItemIndex, openServingModel } from './serve/model.js';
import { formatHits, similarItems } from './similar.js';

/**
 * The demo's serving stages, run after training: export the embeddings (Arrow + Projector TSV),
 * build the HNSW index, show similar items and recommendations (a known user and a new one folded
 * in from three items), and write the HTML report. `first` numbers the stage headings.
 */
export interface ServingStagesResult {
  exportFile: string;
  projectorDir: string;
  reportFile: string;
  similarTo: string;
}

export async function runServingStages(opts: {
  runDir: string;
  dir: string;
  first: number;
  print: (line: string) => void;
  quiet?: boolean;
}): Promise<ServingStagesResult> {
  const { runDir, dir, print } = opts;
  let stage = opts.first;
  const indent = (text: string) => text.replace(/^/gm, '   ');

  const model = await openServingModel(runDir, { search: 'exact' });
  print(`== ${stage++}. export: embeddings keyed by original ids`);
  const exportFile = path.join(dir, 'export', 'embeddings.arrow');
  const projectorDir = path.join(dir, 'export', 'projector');
  const arrow = await exportEmbeddings(model.opened, { format: 'arrow', out: exportFile });
  const tsv = await exportEmbeddings(model.opened, { format: 'tsv', out: projectorDir });
  print(
    `   ${arrow.rows} rows x ${arrow.dim} -> ${exportFile}\n   Embedding Projector files -> ${tsv.files.join(', ')}`,
  );
  if (hnswAvailable()) {
    const index = await buildItemIndex(
      runDir,
      { ...model.items, sha256: vectorsSha256(model.items.vectors) },
      { quiet: true },
    );
    model.index = index;
    print(
      `   HNSW index of ${index.size} items built in ${index.meta.buildSeconds.toFixed(2)}s (pipeline similar/serve use it)`,
    );
  } else {
    print('   (hnswlib-node is not built here: similar-item search stays exact)');
  }

  // The most-interacted item makes a recognisable example.
  const { degree, numUsers } = model.opened.store.graph;
  let top = 0;
  for (let i = 1; i < model.catalog.numItems; i++) if (degree[numUsers + i] > degree[numUsers + top]) top = i;
  const similarTo = model.catalog.itemIds[top];
  print(`== ${stage++}. similar --item ${similarTo} -k 5`);
  const sim = similarItems(model, similarTo, 5);
  print(indent(formatHits(sim.results)));

  const user = model.catalog.userIds[0];
  print(`== ${stage++}. recommend --user ${user} -k 5 (items the user interacted with are excluded)`);
  print(indent(formatHits(recommendItems(model, { user, k: 5 }).results)));
  const history = sim.results.slice(0, 3).map((h) => h.id);
  print(`== ${stage++}. recommend --history ${history.join(',')} -k 5 (a new user, folded in)`);
  print(indent(formatHits(recommendItems(model, { history, k: 5 }).results)));

  print(`== ${stage++}. report`);
  const report = await writeReport(runDir, { out: path.join(dir, 'report.html') }, model.opened);
  print(`   ${report.out} (${report.points} items on the map, coloured by ${report.colorBy}); open it in a browser`);
  return { exportFile, projectorDir, reportFile: report.out, similarTo };
}
