/**
 * The fitting step of each baseline inside the shared run (baselines-run.ts): build the model from
 * the training graph, return its bundle, its scorer and (factor models) its embeddings.
 */
import { gfcfScorer, fitGfcf } from '../../models/baselines/gfcf.js';
import { ialsObjective, ialsSweep, initIals, type IalsConfig, type IalsFactors } from '../../models/baselines/ials.js';
import { itemKnnScorer, itemKnnSimilarity, type ItemKnnConfig } from '../../models/baselines/itemknn.js';
import { itemPopularity, popularityEmbeddings } from '../../models/baselines/pop.js';
import { randomScorer } from '../../models/baselines/random.js';
import { fitPureSvd } from '../../models/baselines/puresvd.js';
import { dotProductScorer, type DotProductEmbeddings } from '../../models/scorer.js';
import { DataError } from '../../core/errors.js';
import { Progress, formatSeconds } from '../../core/progress.js';
import type { BaselineContext, FittedBaseline } from './baselines-run.js';
import { contentKnnFromStore, itemNeighborsBundle, itemNeighborsFromBundle } from './baselines-scorers.js';

const seconds = (t0: number) => (performance.now() - t0) / 1000;

function factorBundle(e: DotProductEmbeddings, numUsers: number, numItems: number) {
  return {
    users: { shape: [numUsers, e.dim], data: e.users },
    items: { shape: [numItems, e.dim], data: e.items },
  };
}

export async function fitPop(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const { numUsers, numItems, itemUsers } = ctx.store.graph;
  const e = popularityEmbeddings(itemPopularity(itemUsers), numUsers);
  return { kind: 'dot-product', tensors: factorBundle(e, numUsers, numItems), scorer: dotProductScorer(e), epoch: 1, fitSeconds: seconds(t0) };
}

/** Random ranking: only the hash seed (drawn from the run's seed) is stored. */
export async function fitRandom(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const { numUsers, numItems } = ctx.store.graph;
  const seed = ctx.rng.nextUint32();
  return { kind: 'random', tensors: {}, state: { seed }, scorer: randomScorer(numUsers, numItems, seed), epoch: 1, fitSeconds: seconds(t0) };
}

/** Content kNN has nothing to fit: the graph's item features and training items are the model. */
export async function fitContentKnn(ctx: BaselineContext): Promise<FittedBaseline> {
  const t0 = performance.now();
  const scorer = contentKnnFromStore(ctx.store);
  return { kind: 'content-knn', tensors: {}, scorer, epoch: 1, fitSeconds: seconds(t0) };
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
  return { kind: 'itemknn', tensors, scorer, epoch: 1, fitSeconds };
}

export interface SvdFitConfig {
  rank: number;
  oversample: number;
  powerIterations: number;
}

export async function fitSvd(ctx: BaselineContext, cfg: SvdFitConfig): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const m = fitPureSvd(g.userItems, g.itemUsers, { ...cfg, rng: ctx.rng, log: ctx.log });
  if (m.dim === 0) throw new DataError('PureSVD: the training matrix is empty (rank 0)', { hint: 'check the graph has training interactions' });
  if (m.dim < cfg.rank) ctx.log(`svd: the matrix has numerical rank ${m.dim} < --rank ${cfg.rank}; using ${m.dim}`);
  // Near full rank, r_u V Vᵀ ≈ r_u: the seen items (masked) take all the score. Measured on
  // ml-latest-small (609 users): rank 512 Recall@20 0.039, rank 32 0.252.
  if (m.dim > Math.min(g.numUsers, g.numItems) / 4) {
    ctx.log(`warning: svd rank ${m.dim} is large for a ${g.numUsers} x ${g.numItems} matrix: PureSVD then mostly reproduces the training interactions; try --rank ${Math.max(8, 2 ** Math.floor(Math.log2(Math.min(g.numUsers, g.numItems) / 16)))}`);
  }
  return { kind: 'dot-product', tensors: factorBundle(m, g.numUsers, g.numItems), scorer: dotProductScorer(m), embeddings: m, epoch: 1, fitSeconds: seconds(t0) };
}

export interface GfcfFitConfig extends SvdFitConfig {
  alpha: number;
}

export async function fitGfcfRun(ctx: BaselineContext, cfg: GfcfFitConfig): Promise<FittedBaseline> {
  const t0 = performance.now();
  const g = ctx.store.graph;
  const svd = fitGfcf(g.userItems, g.itemUsers, { ...cfg, rng: ctx.rng, log: ctx.log });
  if (svd.rank === 0) throw new DataError('GF-CF: the training matrix is empty (rank 0)', { hint: 'check the graph has training interactions' });
  const fitSeconds = seconds(t0);
  const scorer = gfcfScorer(g.userItems, g.itemUsers, { v: svd.v, rank: svd.rank, alpha: cfg.alpha });
  return { kind: 'gfcf', tensors: { v: { shape: [g.numItems, svd.rank], data: svd.v } }, state: { alpha: cfg.alpha }, scorer, epoch: 1, fitSeconds };
}

export interface IalsRunConfig extends IalsConfig {
  iterations: number;
  /** Evaluate on the selection split every N iterations and keep the best (0: keep the last). */
  evalEvery: number;
  patience: number;
}

/** iALS sweeps with an atomic checkpoint after each (for --resume) and optional selection. */
export async function fitIals(ctx: BaselineContext, cfg: IalsRunConfig): Promise<FittedBaseline> {
  const g = ctx.store.graph;
  const { numUsers, numItems } = g;
  const f = cfg.factors;
  const evalSplit = ctx.selectOn === 'none' || cfg.evalEvery <= 0 ? null : ctx.selectOn;
  let factors: IalsFactors = initIals(numUsers, numItems, cfg, ctx.rng);
  let bestFactors: IalsFactors | null = null;
  let best = { epoch: 0, value: -Infinity };
  let sinceBest = 0;
  let start = 1;
  let fitSeconds = 0;
  if (ctx.resuming) {
    const { tensors, state } = await ctx.run.loadBundle('checkpoint');
    factors = { users: tensors.users.data, items: tensors.items.data };
    if (tensors.bestUsers) bestFactors = { users: tensors.bestUsers.data, items: tensors.bestItems.data };
    best = state.best as typeof best;
    sinceBest = state.sinceBest as number;
    fitSeconds = state.fitSeconds as number;
    start = (state.iteration as number) + 1;
    await ctx.run.truncateMetricsAfter(start - 1);
    ctx.log(`resuming ${ctx.run.dir} after iteration ${start - 1}`);
  }
  let last = start - 1;
  for (let it = start; it <= cfg.iterations; it++) {
    const t0 = performance.now();
    ialsSweep(g.userItems, g.itemUsers, factors, cfg);
    const trainSeconds = seconds(t0);
    fitSeconds += trainSeconds;
    last = it;
    const loss = ialsObjective(g.userItems, factors, cfg);
    if (evalSplit !== null && (it % cfg.evalEvery === 0 || it === cfg.iterations)) {
      const r = ctx.evaluate(dotProductScorer({ dim: f, ...factors }), evalSplit);
      await ctx.run.appendMetrics({ epoch: it, split: evalSplit, metrics: r.metrics, loss, trainSeconds, evalSeconds: r.seconds });
      ctx.log(`iteration ${it}: objective ${loss.toPrecision(6)} (${formatSeconds(trainSeconds)}), ${evalSplit} ${ctx.selectMetric} ${r.value.toFixed(4)} (eval ${formatSeconds(r.seconds)})`);
      if (r.value > best.value) {
        best = { epoch: it, value: r.value };
        bestFactors = { users: factors.users.slice(), items: factors.items.slice() };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
    } else {
      await ctx.run.appendMetrics({ epoch: it, split: 'train', metrics: {}, loss, trainSeconds });
      ctx.log(`iteration ${it}: objective ${loss.toPrecision(6)} (${formatSeconds(trainSeconds)})`);
    }
    await ctx.run.saveBundle(
      'checkpoint',
      {
        ...factorBundle({ dim: f, ...factors }, numUsers, numItems),
        ...(bestFactors ? { bestUsers: { shape: [numUsers, f], data: bestFactors.users }, bestItems: { shape: [numItems, f], data: bestFactors.items } } : {}),
      },
      { iteration: it, best, sinceBest, fitSeconds },
    );
    if (evalSplit !== null && cfg.patience > 0 && sinceBest >= cfg.patience) {
      ctx.log(`early stop: no ${evalSplit} improvement in ${cfg.patience} evaluations (best iteration ${best.epoch})`);
      break;
    }
  }
  const chosen = evalSplit !== null && bestFactors !== null ? bestFactors : factors;
  const e: DotProductEmbeddings = { dim: f, ...chosen };
  return {
    kind: 'dot-product',
    tensors: factorBundle(e, numUsers, numItems),
    scorer: dotProductScorer(e),
    embeddings: e,
    epoch: evalSplit !== null && bestFactors !== null ? best.epoch : last,
    selected: evalSplit !== null && bestFactors !== null ? { value: best.value } : undefined,
    fitSeconds,
  };
}
