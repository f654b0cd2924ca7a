import {
  readDataset,
  filterDataset,
  splitDataset,
  coldStartSplit,
  validateColdOptions,
  type ReadOptions,
  type FilterOptions,
  type SplitMethod,
  type CarveMethod,
} from '../data/index.js';
import type { Dataset } from '../data/types.js';
import { buildBipartiteGraph } from '../graph/bipartite.js';
import { louvainCommunities } from '../graph/communities.js';
import { summarizeGraph, type GraphSummary } from '../graph/degree-stats.js';
import { saveGraphStore, type GraphManifest } from '../graph/store.js';
import { DataError } from '../core/errors.js';
import { guardOutputFolder } from '../core/output-guard.js';
import { Rng } from '../core/rng.js';

/**
 * The build-graph stage: read → filter → split → cold-start hold-outs (optional) → bipartite CSR
 * of the train split → Louvain communities → Arrow store. Every row read is accounted for in the
 * report.
 */
export interface BuildGraphConfig {
  read: ReadOptions;
  filter: FilterOptions;
  /** `auto`: the provided split when the source has one, else ratio. */
  split: SplitMethod | 'auto';
  testRatio: number;
  validRatio: number;
  /** How validation is carved from train (default: the test split's method; ratio for a provided split). */
  validMethod?: CarveMethod;
  seed: number;
  /** Fraction of the items held out with all their interactions in test (default 0). */
  coldItems?: number;
  /** Fraction of the users held out as new users: `coldHistory` rows given, the rest test (default 0). */
  coldUsers?: number;
  /** History rows per cold user (default 5). */
  coldHistory?: number;
  communities: boolean;
  resolution: number;
  out: string;
  /** Replace a folder at `out` that is not an earlier graph (never a regular file). */
  force?: boolean;
}

export interface BuildGraphResult {
  out: string;
  summary: GraphSummary;
  ingest: Dataset['report'];
  split: SplitMethod;
  /** Counts of the cold-start hold-outs, or null when none were asked for. */
  cold: { items: number; users: number; history: number } | null;
  seconds: {
    read: number;
    filter: number;
    split: number;
    graph: number;
    communities: number;
    write: number;
    total: number;
  };
  manifest: GraphManifest;
}

export async function buildGraph(
  cfg: BuildGraphConfig,
  log: (line: string) => void = () => {},
): Promise<BuildGraphResult> {
  const coldOptions = validateColdOptions({ items: cfg.coldItems, users: cfg.coldUsers, history: cfg.coldHistory });
  // Checked before any work, so a wrong --out fails in a second, not after the read.
  await guardOutputFolder(cfg.out, 'graph', { force: cfg.force });
  const t0 = performance.now();
  const lap = (() => {
    let last = t0;
    return () => {
      const now = performance.now();
      const s = (now - last) / 1000;
      last = now;
      return s;
    };
  })();

  let ds = await readDataset(cfg.read);
  const read = lap();
  log(`read ${ds.report.rowsRead} rows (${ds.users.length} users, ${ds.items.length} items) in ${read.toFixed(2)}s`);
  if (ds.interactions.length === 0) {
    throw new DataError('no interactions were read', {
      file: cfg.read.input,
      hint: 'check --format and the column flags',
    });
  }
  ds = filterDataset(ds, cfg.filter);
  const filter = lap();
  if (ds.interactions.length === 0) {
    throw new DataError(`every interaction was filtered out (${JSON.stringify(ds.report.filtered)})`, {
      file: cfg.read.input,
      hint: 'loosen --min-rating / --min-user-interactions / --min-item-interactions',
    });
  }

  const method: SplitMethod =
    cfg.split === 'auto' ? (ds.interactions.split !== null ? 'provided' : 'ratio') : cfg.split;
  ds = splitDataset(ds, {
    method,
    seed: cfg.seed,
    testRatio: cfg.testRatio,
    validRatio: cfg.validRatio,
    validMethod: cfg.validMethod,
  });
  const held = coldStartSplit(ds, { ...coldOptions, seed: cfg.seed });
  ds = held.dataset;
  const cold = held.cold;
  const split = lap();

  const graph = buildBipartiteGraph(ds);
  const graphSeconds = lap();
  log(`graph: ${graph.numNodes} nodes, ${graph.numEdges} edges in ${graphSeconds.toFixed(2)}s`);

  const communities = cfg.communities
    ? louvainCommunities(graph, { rng: new Rng(cfg.seed), resolution: cfg.resolution })
    : null;
  const communitySeconds = lap();
  if (communities)
    log(
      `louvain: ${communities.count} communities, modularity ${communities.modularity.toFixed(4)} in ${communitySeconds.toFixed(2)}s`,
    );

  const summary = summarizeGraph(ds, graph, communities);
  const config = {
    format: cfg.read.format,
    input: cfg.read.input,
    test: cfg.read.test ?? null,
    filter: cfg.filter,
    split: method,
    testRatio: cfg.testRatio,
    validRatio: cfg.validRatio,
    // Recorded only when set, like the cold-start options below.
    ...(cfg.validMethod && cfg.validRatio > 0 ? { validMethod: cfg.validMethod } : {}),
    seed: cfg.seed,
    resolution: cfg.resolution,
    // Recorded only when asked for, so the manifests of ordinary graphs keep their shape.
    ...(coldOptions.items > 0 || coldOptions.users > 0
      ? { coldItems: coldOptions.items, coldUsers: coldOptions.users, coldHistory: coldOptions.history }
      : {}),
  };
  const manifest = await saveGraphStore(cfg.out, {
    dataset: ds,
    graph,
    communities: communities?.community ?? null,
    modularity: communities?.modularity ?? null,
    config,
    summary,
    cold,
  });
  const write = lap();
  return {
    out: cfg.out,
    summary,
    ingest: ds.report,
    split: method,
    cold: manifest.cold ?? null,
    seconds: {
      read,
      filter,
      split,
      graph: graphSeconds,
      communities: communitySeconds,
      write,
      total: (performance.now() - t0) / 1000,
    },
    manifest,
  };
}

/** The human-readable summary `build-graph` prints. */
export function formatBuildGraphSummary(r: BuildGraphResult): string {
  const s = r.summary;
  const q = (d: GraphSummary['userDegree']) =>
    `min ${d.min} p25 ${d.p25} p50 ${d.p50} p75 ${d.p75} p90 ${d.p90} p99 ${d.p99} max ${d.max}`;
  const filtered = Object.entries(r.ingest.filtered).filter(([, n]) => n > 0);
  const lines = [
    `graph written to ${r.out}`,
    `  rows read     ${r.ingest.rowsRead}  kept ${r.ingest.rowsKept}  bad lines ${r.ingest.badLines}${filtered.length ? `  filtered ${filtered.map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}`,
    `  users         ${s.users}   items ${s.items}   edges ${s.edges}   density ${s.density.toExponential(3)}`,
    `  split (${r.split})  train ${s.interactions.train}  valid ${s.interactions.valid}  test ${s.interactions.test}${s.interactions.history ? `  history ${s.interactions.history}` : ''}`,
    `  user degree   ${q(s.userDegree)}`,
    `  item degree   ${q(s.itemDegree)}`,
    `  components    ${s.components} (largest ${s.largestComponent} nodes); isolated users ${s.isolatedUsers}, items ${s.isolatedItems}`,
  ];
  if (r.cold !== null) {
    const held: string[] = [];
    if (r.cold.items > 0) held.push(`items ${r.cold.items} (all their rows in test)`);
    if (r.cold.users > 0)
      held.push(
        r.cold.history === 0
          ? `users ${r.cold.users} (no history: every row in test)`
          : `users ${r.cold.users} (first ${r.cold.history} rows as history, the rest in test)`,
      );
    lines.push(`  cold start    ${held.join(', ')}`);
  }
  if (s.communities !== null)
    lines.push(
      `  communities   ${s.communities} (largest ${s.largestCommunity} nodes), modularity ${s.modularity?.toFixed(4)}`,
    );
  for (const note of r.ingest.notes) lines.push(`  note: ${note}`);
  lines.push(
    `  seconds       ${Object.entries(r.seconds)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join('  ')}`,
  );
  return lines.join('\n');
}
