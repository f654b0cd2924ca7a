/**
 * Measures the graph layer on Gowalla (LightGCN split files): CSR build, Louvain, summary,
 * Arrow save and load, peak RSS. Uses its own minimal parser so it does not depend on data/.
 *
 *   node dist/bench/graph-gowalla.js [DATA_DIR] [--graphology]
 *
 * `--graphology` also times building the graphology view and Louvain on it, for comparison.
 */
import { readFileSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBipartiteGraph } from '../graph/bipartite.js';
import { louvainCommunities, louvainOnGraphology } from '../graph/communities.js';
import { summarizeGraph } from '../graph/degree-stats.js';
import { toGraphology } from '../graph/graphology-view.js';
import { loadGraphStore, saveGraphStore } from '../graph/store.js';
import { Split, type Dataset } from '../data/types.js';
import { Rng } from '../core/rng.js';

function parseLightgcn(files: [string, number][]): Dataset {
  const user: number[] = [];
  const item: number[] = [];
  const split: number[] = [];
  let maxUser = -1;
  let maxItem = -1;
  for (const [file, code] of files) {
    for (const line of readFileSync(file, 'latin1').split('\n')) {
      const parts = line.trim().split(' ');
      if (parts.length < 2) continue;
      const u = Number(parts[0]);
      maxUser = Math.max(maxUser, u);
      for (let k = 1; k < parts.length; k++) {
        const i = Number(parts[k]);
        maxItem = Math.max(maxItem, i);
        user.push(u);
        item.push(i);
        split.push(code);
      }
    }
  }
  const n = user.length;
  return {
    users: Array.from({ length: maxUser + 1 }, (_, k) => String(k)),
    items: Array.from({ length: maxItem + 1 }, (_, k) => String(k)),
    interactions: {
      length: n,
      user: Int32Array.from(user),
      item: Int32Array.from(item),
      rating: null,
      time: null,
      split: Uint8Array.from(split),
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: {
      format: 'lightgcn',
      files: files.map((f) => f[0]),
      rowsRead: n,
      badLines: 0,
      filtered: {},
      rowsKept: n,
      notes: [],
    },
  };
}

function timed<T>(label: string, results: Record<string, number>, f: () => T): T {
  const t = performance.now();
  const out = f();
  results[label] = Math.round(performance.now() - t);
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = args.find((a) => !a.startsWith('--')) ?? '../shared/data/gowalla';
  const ms: Record<string, number> = {};
  const ds = timed('parseMs', ms, () =>
    parseLightgcn([
      [path.join(dataDir, 'train.txt'), Split.train],
      [path.join(dataDir, 'test.txt'), Split.test],
    ]),
  );
  const graph = timed('buildMs', ms, () => buildBipartiteGraph(ds));
  const comm = timed('louvainMs', ms, () => louvainCommunities(graph, { rng: new Rng(2024) }));
  const summary = timed('summaryMs', ms, () => summarizeGraph(ds, graph, comm));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gowalla-graph-'));
  const out = path.join(dir, 'graph');
  let t = performance.now();
  const manifest = await saveGraphStore(out, {
    dataset: ds,
    graph,
    communities: comm.community,
    modularity: comm.modularity,
    config: { bench: true },
    summary,
  });
  ms.saveMs = Math.round(performance.now() - t);
  const bytes = Object.values(manifest.files).reduce((a, f) => a + f.bytes, 0);
  t = performance.now();
  const loaded = await loadGraphStore(out);
  ms.loadMs = Math.round(performance.now() - t);
  t = performance.now();
  await loadGraphStore(out, { verifyChecksums: false });
  ms.loadNoChecksumMs = Math.round(performance.now() - t);
  if (loaded.graph.numEdges !== graph.numEdges) throw new Error('round trip lost edges');
  const rssBeforeGraphology = process.resourceUsage().maxRSS / 1024;
  const extra: Record<string, unknown> = {};
  if (args.includes('--graphology')) {
    const view = timed('graphologyBuildMs', ms, () =>
      toGraphology({ graph, dataset: ds, communities: comm.community }, { meta: false }),
    );
    const real = timed('graphologyLouvainMs', ms, () => louvainOnGraphology(view, { rng: new Rng(2024) }));
    extra.graphology = {
      communities: real.count,
      modularity: real.modularity,
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
  }
  await fs.rm(dir, { recursive: true, force: true });
  const result = {
    users: graph.numUsers,
    items: graph.numItems,
    edges: graph.numEdges,
    interactions: ds.interactions.length,
    communities: comm.count,
    modularity: Number(comm.modularity.toFixed(4)),
    largestCommunity: comm.sizes[0],
    levels: comm.levels,
    components: summary.components,
    storeMB: Number((bytes / 1e6).toFixed(1)),
    ...ms,
    peakRssMB: Math.round(rssBeforeGraphology),
    peakRssWithGraphologyMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
