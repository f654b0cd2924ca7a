/**
 * Writes the three generated logs of issue 16's data-aware defaults (BENCHMARKS.md): the same
 * generator (data/synthetic.ts) at three densities, each as OUT/syn-NAME/interactions.csv.
 *
 *   node dist/bench/synthetic-shapes.js OUT
 */
import * as path from 'node:path';
import { generateSyntheticLog, writeSyntheticCsv, type SyntheticOptions } from '../data/synthetic.js';

export const SYNTHETIC_SHAPES: Record<string, SyntheticOptions> = {
  sparse: { users: 4000, items: 3000, communities: 16, meanPerUser: 8, affinity: 0.8, seed: 11 },
  medium: { users: 2000, items: 1000, communities: 10, meanPerUser: 30, affinity: 0.8, seed: 12 },
  dense: { users: 1000, items: 400, communities: 6, meanPerUser: 100, affinity: 0.8, seed: 13 },
};

const out = process.argv[2];
if (!out) {
  console.error('usage: node dist/bench/synthetic-shapes.js OUT');
  process.exit(1);
}
for (const [name, opts] of Object.entries(SYNTHETIC_SHAPES)) {
  const log = generateSyntheticLog(opts);
  const files = await writeSyntheticCsv(log, path.join(out, `syn-${name}`));
  console.log(`${name}: ${log.user.length} interactions → ${files.interactions}`);
}
