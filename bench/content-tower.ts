/**
 * Content-tower settings against each other on a cold-start graph: retrains only the tower on a
 * fixed LightGCN encoder and ranks the cold items with the resulting vectors (evaluate --cold items).
 *
 *   node dist/bench/content-tower.js COLD_GRAPH ENCODER_RUN '[{"cosine":true,"temperature":0.1}, {"temperature":1}]'
 * Each object overrides the defaults below.
 */
import { loadGraphStore } from '../graph/store.js';
import { entryRows } from '../graph/csr.js';
import { initEngine } from '../models/common/engine.js';
import { ContentTower, type ContentTowerConfig } from '../models/hybrid/content-tower.js';
import { dotProductScorer } from '../models/common/scorer.js';
import { evaluateColdItems } from '../pipeline/evaluate/cold-start.js';
import { RunFolder } from '../pipeline/run-folder.js';
import { Rng } from '../core/rng.js';

const [graphDir, encoderDir, configsJson] = process.argv.slice(2);
if (!graphDir || !encoderDir || !configsJson) {
  console.error("usage: node dist/bench/content-tower.js COLD_GRAPH ENCODER_RUN '[{...}, ...]'");
  process.exit(1);
}
await initEngine({});
const store = await loadGraphStore(graphDir);
const content = store.dataset.itemContent;
if (!content) throw new Error(`${graphDir} has no item features`);
const { tensors } = await new RunFolder(encoderDir).loadBundle('model');
const dim = tensors.users.shape[1];
const users = tensors.users.data;
const train = store.graph.userItems;
const base: ContentTowerConfig = {
  dim,
  lr: 0.01,
  l2: 0,
  batch: 1024,
  negatives: 512,
  epochs: 10,
  temperature: 0.2,
  cosine: false,
};
for (const override of JSON.parse(configsJson) as Partial<ContentTowerConfig>[]) {
  const t0 = performance.now();
  const tower = new ContentTower(content, { ...base, ...override }, new Rng(1));
  const losses = await tower.train(users, { anchor: entryRows(train), node: train.indices }, new Rng(2));
  const r = evaluateColdItems({
    scorer: dotProductScorer({ dim, users, items: tower.all() }),
    store,
    ks: [20],
    quiet: true,
    tieSeed: 7,
  });
  console.log(
    JSON.stringify({
      override,
      loss: losses.at(-1),
      'recall@20': r.metrics['recall@20'],
      'ndcg@20': r.metrics['ndcg@20'],
      seconds: (performance.now() - t0) / 1000,
    }),
  );
  tower.dispose();
}
