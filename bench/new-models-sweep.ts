/**
 * Validation sweeps of EASE and Mult-VAE on a graph folder (issue 16), outside the training loop
 * until they are registered there. Prints one TSV line per configuration with VALIDATION metrics;
 * test is evaluated only with --test, for the one configuration chosen on validation.
 *
 *   node dist/bench/new-models-sweep.js GRAPH ease --lambda 50,100,200 [--test]
 *   node dist/bench/new-models-sweep.js GRAPH multvae [--epochs 200] [--anneal-steps N] [--test]
 *   node dist/bench/new-models-sweep.js GRAPH ease            (λ from the data-aware rule)
 */
import { loadGraphStore } from '../graph/store.js';
import { Rng } from '../core/rng.js';
import { easeScorer, fitEase } from '../models/ease/ease.js';
import { initEngine } from '../models/common/engine.js';
import { MULTVAE_PAPER, MultVae } from '../models/multvae/multvae.js';
import { multVaeScorer } from '../models/multvae/scorer.js';
import { dataShapeOf, easeLambda, multVaeBatch, multVaeSchedule } from '../models/data-shape.js';
import type { Scorer } from '../models/common/scorer.js';
import { evaluateFullRanking } from '../pipeline/evaluate/full-ranking.js';
import { evaluationSets, splitMasks } from '../pipeline/train/split-masks.js';

const [graphDir, model] = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const withTest = process.argv.includes('--test');
if (!graphDir || !['ease', 'multvae'].includes(model)) {
  console.error('usage: node dist/bench/new-models-sweep.js GRAPH ease|multvae [--lambda a,b] [--epochs N] [--test]');
  process.exit(1);
}
const store = await loadGraphStore(graphDir);
const masks = splitMasks(store);
const g = store.graph;
const shape = dataShapeOf(g.userItems);
const evaluate = (scorer: Scorer, split: 'valid' | 'test') =>
  evaluateFullRanking({ scorer, ...evaluationSets(masks, split), ks: [10, 20], quiet: true }).metrics;
const fmt = (m: Record<string, number>) => ['recall@20', 'ndcg@20', 'ndcg@10'].map((k) => m[k].toFixed(4)).join('\t');
const name = graphDir.replace(/\/$/, '').split('/').pop();
console.error(`${name}: ${JSON.stringify(shape)}`);

if (model === 'ease') {
  const lambdas = (flag('lambda') ?? String(easeLambda(shape))).split(',').map(Number);
  for (const lambda of lambdas) {
    const t0 = performance.now();
    const m = fitEase(g.userItems, g.itemUsers, { lambda, maxBytes: 8 * 1024 ** 3 });
    const fitSeconds = (performance.now() - t0) / 1000;
    const scorer = easeScorer(m, g.userItems);
    console.log(`${name}\tease\tlambda ${lambda}\tvalid\t${fmt(evaluate(scorer, 'valid'))}\t${fitSeconds.toFixed(1)}s`);
    if (withTest) console.log(`${name}\tease\tlambda ${lambda}\tTEST\t${fmt(evaluate(scorer, 'test'))}`);
  }
} else {
  await initEngine({ backend: 'wasm' });
  const batch = Number(flag('batch') ?? multVaeBatch(shape));
  const schedule = multVaeSchedule(shape, batch);
  const epochs = Number(flag('epochs') ?? schedule.epochs);
  const annealSteps = Number(flag('anneal-steps') ?? schedule.annealSteps);
  const evalEvery = Number(flag('eval-every') ?? 5);
  const patience = Number(flag('patience') ?? 6);
  const vae = new MultVae({ ...MULTVAE_PAPER, numItems: g.numItems, annealSteps, batch, seed: 1 });
  const rng = new Rng(1);
  let best = { epoch: 0, value: -1, metrics: {} as Record<string, number>, bundle: vae.toBundle() };
  let since = 0;
  const t0 = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const loss = await vae.trainEpoch(g.userItems, rng);
    if (epoch % evalEvery !== 0 && epoch !== epochs) continue;
    const m = evaluate(multVaeScorer(vae, g.userItems), 'valid');
    console.error(
      `epoch ${epoch} step ${vae.step} beta ${vae.beta().toFixed(3)} loss ${loss.toFixed(2)} valid ${fmt(m)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
    if (m['recall@20'] > best.value) {
      best = { epoch, value: m['recall@20'], metrics: m, bundle: vae.toBundle() };
      since = 0;
    } else if (++since >= patience) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `${name}\tmultvae\tbatch ${batch} anneal ${annealSteps} best epoch ${best.epoch}\tvalid\t${fmt(best.metrics)}\t${seconds.toFixed(0)}s`,
  );
  if (withTest) {
    const chosen = MultVae.fromBundle(best.bundle.tensors, best.bundle.state);
    console.log(
      `${name}\tmultvae\tbest epoch ${best.epoch}\tTEST\t${fmt(evaluate(multVaeScorer(chosen, g.userItems), 'test'))}`,
    );
  }
}
