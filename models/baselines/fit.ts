/**
 * The fitting step of each baseline inside the shared run (baselines-run.ts): build the model from
 * the training graph, return its bundle, its scorer and (factor models) its embeddings.
 */
import { gfcfScorer, fitGfcf } from './gfcf.js';
import { itemKnnScorer, itemKnnSimilarity, type ItemKnnConfig } from './itemknn.js';
import { itemPopularity, popularityEmbeddings } from './pop.js';
import { randomScorer } from './random.js';
import { fitPureSvd } from './puresvd.js';
import { dotProductScorer, type DotProductEmbeddings } from '../common/scorer.js';
import { DataError } from '../../core/errors.js';
import { dataShapeOf, pureSvdRank } from '../data-shape.js';
import { Progress } from '../../core/progress.js';
import type { LoadedGraphStore } from '../../graph/store.js';
import type { TensorBundle } from '../../core/tensor-bundle.js';
import type { Rng } from '../../core/rng.js';
import type { Scorer } from '../common/scorer.js';
import { contentKnnFromStore, itemNeighborsBundle, itemNeighborsFromBundle } from './serving.js';

/** What a closed-form fit sees of its run. */
export interface BaselineContext {
  store: LoadedGraphStore;
  rng: Rng;
  quiet: boolean;
  log: (line: string) => void;
}

export interface FittedBaseline {
  /** Bundle kind for the serving code (dot-product, itemknn, gfcf, random, content-knn). */
  kind: string;
  tensors: TensorBundle;
  state?: Record<string, unknown>;
  scorer: Scorer;
  /** Factors written as user/item embeddings Arrow (factor models only). */
  embeddings?: DotProductEmbeddings;
  /** Seconds spent fitting, without evaluations. */
  fitSeconds: number;
  /** Settings resolved from the data (flags left out), recorded in run.json. */
  settings?: Record<string, unknown>;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export function factorBundle(e: DotProductEmbeddings, numUsers: number, numItems: number) {
  return {
    users: { shape: [numUsers, e.dim], data: e.users },
    items: { shape: [numItems, e.dim], data: e.items },
  };
}

export async function fitPop(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const { numUsers, numItems, itemUsers } = ctx.store.graph;
  const e = popularityEmbeddings(itemPopularity(itemUsers), numUsers);
  return {
    kind: 'dot-product',
    tensors: factorBundle(e, numUsers, numItems),
    scorer: dotProductScorer(e),
    fitSeconds: seconds(t0),
  };
}

/** Random ranking: only the hash seed (drawn from the run's seed) is stored. */
export async function fitRandom(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const { numUsers, numItems } = ctx.store.graph;
  const seed = ctx.rng.nextUint32();
  return {
    kind: 'random',
    tensors: {},
    state: { seed },
    scorer: randomScorer(numUsers, numItems, seed),
    fitSeconds: seconds(t0),
  };
}

/** Content kNN has nothing to fit: the graph's item features and training items are the model. */
export async function fitContentKnn(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const scorer = contentKnnFromStore(ctx.store);
  return { kind: 'content-knn', tensors: {}, scorer, fitSeconds: seconds(t0) };
}

export async function fitItemKnn(ctx: BaselineContext, cfg: ItemKnnConfig): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const progress = new Progress({ label: 'itemknn similarities', total: g.numItems, unit: 'items', silent: ctx.quiet });
  let last = 0;
  const neighbors = itemKnnSimilarity(g.userItems, g.itemUsers, cfg, (done) => {
    progress.tick(done - last);
    last = done;
  });
  progress.finish();
  const tensors = itemNeighborsBundle(neighbors);
  const fitSeconds = seconds(t0);
  // Score through the stored form, exactly as `pipeline evaluate` will.
  const scorer = itemKnnScorer(itemNeighborsFromBundle(tensors, ctx.store), g.userItems);
  return { kind: 'itemknn', tensors, scorer, fitSeconds };
}

export interface SvdFitConfig {
  /** Omitted: pureSvdRank of the training matrix's shape. */
  rank?: number;
  oversample: number;
  powerIterations: number;
}

export async function fitSvd(ctx: BaselineContext, cfg: SvdFitConfig): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const rank = cfg.rank ?? pureSvdRank(dataShapeOf(g.userItems));
  if (cfg.rank === undefined)
    ctx.log(
      `svd: rank ${rank} from the data (interactions / 1500, a power of two, at most a quarter of the smaller side)`,
    );
  const m = fitPureSvd(g.userItems, g.itemUsers, { ...cfg, rank, rng: ctx.rng, log: ctx.log });
  if (m.dim === 0)
    throw new DataError('PureSVD: the training matrix is empty (rank 0)', {
      hint: 'check the graph has training interactions',
    });
  if (m.dim < rank) ctx.log(`svd: the matrix has numerical rank ${m.dim} < --rank ${rank}; using ${m.dim}`);
  // Near full rank, r_u V Vᵀ ≈ r_u: the seen items (masked) take all the score. Measured on
  // ml-latest-small (609 users): rank 512 Recall@20 0.039, rank 32 0.252.
  if (m.dim > Math.min(g.numUsers, g.numItems) / 4) {
    ctx.log(
      `warning: svd rank ${m.dim} is large for a ${g.numUsers} x ${g.numItems} matrix: PureSVD then mostly reproduces the training interactions; try --rank ${Math.max(8, 2 ** Math.floor(Math.log2(Math.min(g.numUsers, g.numItems) / 16)))}`,
    );
  }
  return {
    kind: 'dot-product',
    tensors: factorBundle(m, g.numUsers, g.numItems),
    scorer: dotProductScorer(m),
    embeddings: m,
    fitSeconds: seconds(t0),
    settings: { rank },
  };
}

export interface GfcfFitConfig extends SvdFitConfig {
  rank: number;
  alpha: number;
}

export async function fitGfcfRun(ctx: BaselineContext, cfg: GfcfFitConfig): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const svd = fitGfcf(g.userItems, g.itemUsers, { ...cfg, rng: ctx.rng, log: ctx.log });
  if (svd.rank === 0)
    throw new DataError('GF-CF: the training matrix is empty (rank 0)', {
      hint: 'check the graph has training interactions',
    });
  const fitSeconds = seconds(t0);
  const scorer = gfcfScorer(g.userItems, g.itemUsers, { v: svd.v, rank: svd.rank, alpha: cfg.alpha });
  return {
    kind: 'gfcf',
    tensors: { v: { shape: [g.numItems, svd.rank], data: svd.v } },
    state: { alpha: cfg.alpha },
    scorer,
    fitSeconds,
  };
}
