import * as path from 'node:path';
import { carveValidationSplit, type CarveMethod } from '../../data/split.js';
import { buildBipartiteGraph } from '../../graph/bipartite.js';
import { summarizeGraph } from '../../graph/degree-stats.js';
import { orderEvidenceOf } from '../../graph/order-evidence.js';
import { graphChecksum, saveGraphStore, type LoadedGraphStore } from '../../graph/store.js';

/**
 * The validation split `pipeline train` carves from a graph that has none, so that every model
 * selects its length (and `pipeline tune` its settings) without looking at test:
 * - method: the test split's own (ratio = random per user, latest, temporal, leave-one-out); for a
 *   provided split (files such as Gowalla's train/test), `latest` when the rows of each user are in
 *   time order (timestamps, or the evidence of graph/order-evidence.ts), else `ratio`;
 * - size: the test split's share of the rows, within [5%, 20%] of the train rows (10% without test),
 *   so that validation resembles the test it stands in for.
 */
export interface CarvePlan {
  method: CarveMethod;
  ratio: number;
  seed: number;
  /** Why this method, for the train log and run.json. */
  reason: string;
}

export const CARVE_MIN = 0.05;
export const CARVE_MAX = 0.2;
export const CARVE_WITHOUT_TEST = 0.1;

export function carvePlan(store: LoadedGraphStore, seed: number): CarvePlan {
  const split = String(store.manifest.config.split ?? 'provided');
  let method: CarveMethod;
  let reason: string;
  if (split === 'ratio' || split === 'latest' || split === 'temporal' || split === 'leave-one-out') {
    method = split;
    reason = `as the test split (${split})`;
  } else {
    const order = orderEvidenceOf(store);
    method = order.ordered ? 'latest' : 'ratio';
    reason = order.ordered
      ? `each user's latest rows, as the provided test split follows train in time (${order.reason})`
      : `random rows per user (${order.reason})`;
  }
  const { train, test } = store.manifest.summary.interactions;
  const share = test > 0 ? test / (test + train) : CARVE_WITHOUT_TEST;
  const ratio = Math.min(CARVE_MAX, Math.max(CARVE_MIN, Math.round(share * 100) / 100));
  return { method, ratio, seed, reason };
}

/** Writes `store` with the validation split of `plan` carved from its train rows as a graph folder at `dir`. */
export async function writeCarvedGraph(store: LoadedGraphStore, plan: CarvePlan, dir: string): Promise<string> {
  const dataset = carveValidationSplit(store.dataset, plan);
  const graph = buildBipartiteGraph(dataset);
  await saveGraphStore(dir, {
    dataset,
    graph,
    communities: store.communities,
    modularity: store.manifest.communities?.modularity ?? null,
    config: {
      ...store.manifest.config,
      validRatio: plan.ratio,
      validMethod: plan.method,
      carvedFrom: { dir: path.resolve(store.dir), checksum: graphChecksum(store) },
    },
    summary: summarizeGraph(dataset, graph),
    cold: store.cold,
  });
  return dir;
}
