import { openRun, type OpenedRun } from '../load-model.js';
import { evaluateColdItems, evaluateColdUsers, type ColdKind } from '../evaluate/cold-start.js';
import { recommenderFor } from '../recommend.js';
import { evaluateOpenedRunOn } from '../evaluate/evaluate-run.js';
import { chooseDevice, dotProductOnly } from '../device-choice.js';
import { ratingRunRange } from '../evaluate/rating.js';
import { evaluateSampled, sampledCases } from '../evaluate/sampled.js';
import { formatMetrics } from '../train/session.js';
import { UsageError } from '../../core/errors.js';
import type { GpuContext } from '../../graph/gpu/device.js';

export interface EvaluateArgs {
  run: string;
  graph?: string;
  split: 'test' | 'valid';
  k: string;
  protocol: 'full' | 'sampled';
  negatives: number;
  seed: number;
  cold?: ColdKind;
  device: string;
  json: boolean;
  quiet: boolean;
}

export async function runEvaluate(a: EvaluateArgs): Promise<void> {
  const ks = a.k.split(',').map((s) => Number(s.trim()));
  if (ks.some((k) => !Number.isInteger(k) || k < 1))
    throw new UsageError(`--k must be positive integers, got ${a.k}`, { field: 'k' });
  if (a.cold !== undefined && (a.protocol !== 'full' || a.split !== 'test')) {
    throw new UsageError('--cold evaluates the test rows of cold items or users with full ranking', {
      field: 'cold',
      hint: 'drop --protocol sampled / --split valid',
    });
  }
  const opened = await openRun(a.run, { graph: a.graph, evaluating: a.split });
  const device = await chooseDevice(
    a.device,
    a.protocol === 'sampled'
      ? 'the sampled protocol scores a few items per case on the CPU; the GPU ranks the full catalogue'
      : a.cold !== undefined
        ? '--cold ranks on the CPU'
        : dotProductOnly(opened),
  );
  if (!a.json && !a.quiet) process.stderr.write(device.line + '\n');
  try {
    await evaluateOn(opened, ks, a, device.line, device.gpu);
  } finally {
    device.gpu?.destroy();
  }
}

async function evaluateOn(
  opened: OpenedRun,
  ks: number[],
  a: EvaluateArgs,
  device: string,
  gpu: GpuContext | null,
): Promise<void> {
  if (a.cold !== undefined) return evaluateCold(opened, a.cold, ks, a, device);
  const selection = opened.record.selection;
  if (a.protocol === 'sampled') {
    if (!Number.isInteger(a.negatives) || a.negatives < 1)
      throw new UsageError(`--negatives must be a positive integer, got ${a.negatives}`, { field: 'negatives' });
    const cases = sampledCases({
      dataset: opened.store.dataset,
      split: a.split,
      negatives: a.negatives,
      seed: a.seed,
      cold: opened.store.cold,
    });
    const s = evaluateSampled({ scorer: opened.scorer, cases, ks });
    if (a.json) {
      process.stdout.write(
        JSON.stringify({
          split: a.split,
          protocol: 'sampled',
          users: s.users,
          cases: s.cases,
          negatives: s.negatives,
          negativesSource: s.source,
          seed: s.seed,
          metrics: s.metrics,
          seconds: s.seconds,
          model: opened.record.model,
          selectedOn: selection?.split ?? null,
          device,
        }) + '\n',
      );
    } else {
      process.stdout.write(
        `${opened.record.model} on ${a.split}, SAMPLED protocol (${s.cases} held-out items, each among ${s.negatives} ${s.source === 'file' ? 'fixed' : 'sampled'} negatives; not comparable to full ranking)\n`,
      );
      for (const k of ks)
        process.stdout.write(
          `  hit@${k} ${s.metrics[`hit@${k}`].toFixed(4)}  ndcg@${k} ${s.metrics[`ndcg@${k}`].toFixed(4)}\n`,
        );
    }
    return;
  }
  const r = await evaluateOpenedRunOn(opened, { split: a.split, ks, quiet: a.quiet || a.json }, gpu);
  const range = ratingRunRange(opened.bundle.state);
  if (a.json) {
    process.stdout.write(
      JSON.stringify({
        split: a.split,
        protocol: 'full',
        users: r.users,
        metrics: r.metrics,
        seconds: r.seconds,
        model: opened.record.model,
        selectedOn: selection?.split ?? null,
        device,
      }) + '\n',
    );
  } else {
    process.stdout.write(
      `${opened.record.model} on ${a.split} (${r.users} users, full ranking${opened.store.cold ? ', warm users and items only' : ''}, ${r.seconds.toFixed(2)}s)\n`,
    );
    if (range)
      process.stdout.write(
        `  rmse ${r.metrics.rmse.toFixed(4)}  mae ${r.metrics.mae.toFixed(4)} (predictions clipped to ${range[0]}..${range[1]})\n`,
      );
    for (const k of ks) process.stdout.write(`  ${formatMetrics(r.metrics, [k])}\n`);
    if (selection?.split === 'test')
      process.stdout.write(
        '  note: this run selected its epoch on the test split (optimistic, as in papers that did so)\n',
      );
  }
}

/** `evaluate --cold items|users` (pipeline/evaluate/cold-start.ts). */
function evaluateCold(opened: OpenedRun, cold: ColdKind, ks: number[], a: EvaluateArgs, device: string): void {
  const base = {
    split: 'test',
    protocol: 'full',
    cold,
    model: opened.record.model,
    selectedOn: opened.record.selection?.split ?? null,
    device,
  };
  if (cold === 'items') {
    const r = evaluateColdItems({
      scorer: opened.scorer,
      store: opened.store,
      ks,
      quiet: a.quiet || a.json,
      tieSeed: a.seed,
    });
    if (a.json) {
      process.stdout.write(
        JSON.stringify({ ...base, candidates: r.candidates, users: r.users, metrics: r.metrics, seconds: r.seconds }) +
          '\n',
      );
      return;
    }
    process.stdout.write(
      `${opened.record.model} on cold items (${r.users} users ranking ${r.candidates} cold items, ${r.seconds.toFixed(2)}s)\n`,
    );
    for (const k of ks) process.stdout.write(`  ${formatMetrics(r.metrics, [k])}\n`);
    return;
  }
  const r = evaluateColdUsers({ recommender: recommenderFor(opened), store: opened.store, ks });
  if (a.json) {
    process.stdout.write(
      JSON.stringify({
        ...base,
        history: r.history,
        users: r.users,
        byFeatures: r.byFeatures,
        metrics: r.metrics,
        seconds: r.seconds,
      }) + '\n',
    );
    return;
  }
  const how =
    r.byFeatures === r.users && r.users > 0
      ? 'placed from their features by the user tower'
      : `folded in from ${r.history} history items each${r.byFeatures > 0 ? ` (${r.byFeatures} placed from their features by the user tower)` : ''}`;
  process.stdout.write(
    `${opened.record.model} on cold users (${r.users} new users ${how}, ${r.seconds.toFixed(2)}s)\n`,
  );
  for (const k of ks) process.stdout.write(`  ${formatMetrics(r.metrics, [k])}\n`);
}
