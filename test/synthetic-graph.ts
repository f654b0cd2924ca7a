import * as path from 'node:path';
import { generateSyntheticLog, writeSyntheticCsv, type SyntheticOptions } from '../data/synthetic.js';
import { buildGraph } from '../pipeline/build-graph.js';
import type { SplitMethod } from '../data/index.js';

/** Writes a synthetic log with planted communities under `root` and builds its graph folder (with a validation split unless `validRatio` is 0). */
export async function buildSyntheticGraph(
  root: string,
  synthetic: Partial<SyntheticOptions>,
  split: SplitMethod,
  validRatio = 0.1,
): Promise<string> {
  const files = await writeSyntheticCsv(generateSyntheticLog(synthetic), path.join(root, 'data'));
  const graphDir = path.join(root, 'graph');
  await buildGraph({
    read: {
      format: 'csv',
      input: files.interactions,
      userCol: 'userId',
      itemCol: 'itemId',
      ratingCol: 'rating',
      timeCol: 'timestamp',
    },
    filter: { dedupe: true },
    split,
    testRatio: 0.2,
    validRatio,
    seed: 1,
    communities: false,
    resolution: 1,
    out: graphDir,
  });
  return graphDir;
}
