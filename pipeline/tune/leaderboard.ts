import { formatSeconds } from '../../core/progress.js';
import type { SearchConfig } from '../../models/search/space.js';
import type { Evaluation, TuneState } from './state.js';

/**
 * The leaderboard of a tuning run, from its state: every trial at the largest budget it reached,
 * the best of each model beside its data-aware default, the overall best, and the test metrics read
 * once after selection.
 */
export const TEST_LABEL = 'test, read once after selection';

export interface TrialRow {
  model: string;
  trial: number;
  isDefault: boolean;
  config: SearchConfig;
  /** Largest epochs / iterations reached (null: closed form). */
  budget: number | null;
  /** Validation metric (null: failed). */
  value: number | null;
  epoch: number;
  /** All evaluations of the trial together. */
  seconds: number;
  error?: string;
}

export interface ModelBest {
  model: string;
  trials: number;
  best: TrialRow | null;
  default: TrialRow | null;
  test: Record<string, number> | null;
}

export interface Leaderboard {
  metric: string;
  graph: string;
  validation: { graph: string; carved: TuneState['carved'] };
  budgetSeconds: number;
  spentSeconds: number;
  seed: number;
  models: ModelBest[];
  best: { model: string; trial: number; value: number; run: string; refit: TuneState['refit'] | null } | null;
  testLabel: string;
  trials: TrialRow[];
}

export function trialRows(evaluations: Evaluation[]): TrialRow[] {
  const byTrial = new Map<string, Evaluation[]>();
  for (const e of evaluations) {
    const key = `${e.model}#${e.trial}`;
    byTrial.set(key, [...(byTrial.get(key) ?? []), e]);
  }
  return [...byTrial.values()].map((es) => {
    const last = es.reduce((a, b) => ((b.budget ?? 0) >= (a.budget ?? 0) ? b : a));
    return {
      model: last.model,
      trial: last.trial,
      isDefault: last.trial === 0,
      config: last.config,
      budget: last.budget,
      value: last.value,
      epoch: last.epoch,
      seconds: es.reduce((s, e) => s + e.seconds, 0),
      ...(last.error ? { error: last.error } : {}),
    };
  });
}

/** The best row by validation value (ties: the earlier trial, so the default wins a tie). */
export function bestRow(rows: TrialRow[]): TrialRow | null {
  let best: TrialRow | null = null;
  for (const r of rows)
    if (
      r.value !== null &&
      (best === null || r.value > best.value! || (r.value === best.value && r.trial < best.trial))
    )
      best = r;
  return best;
}

export function buildLeaderboard(state: TuneState, bestRun: string): Leaderboard {
  const trials = trialRows(state.evaluations);
  const models = state.models.map((model): ModelBest => {
    const rows = trials.filter((t) => t.model === model);
    const best = bestRow(rows);
    const test = state.test[model];
    return {
      model,
      trials: rows.length,
      best,
      default: rows.find((r) => r.isDefault) ?? null,
      test: best && test?.trial === best.trial ? test.metrics : null,
    };
  });
  const overall = bestRow(models.flatMap((m) => (m.best ? [m.best] : [])));
  return {
    metric: state.metric,
    graph: state.graph.dir,
    validation: { graph: state.validGraph, carved: state.carved },
    budgetSeconds: state.budgetSeconds,
    spentSeconds: state.spentSeconds,
    seed: state.seed,
    models,
    best: overall
      ? {
          model: overall.model,
          trial: overall.trial,
          value: overall.value!,
          run: bestRun,
          refit: state.refit?.model === overall.model && state.refit.trial === overall.trial ? state.refit : null,
        }
      : null,
    testLabel: TEST_LABEL,
    trials,
  };
}

export function formatConfig(c: SearchConfig): string {
  return Object.entries(c)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v}`)
    .join(' ');
}

export function leaderboardMarkdown(b: Leaderboard): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(4));
  const validation = b.validation.carved
    ? `a validation split carved from train (${Math.round(100 * b.validation.carved.ratio)}% of each user's rows by ${b.validation.carved.method}, ${b.validation.carved.reason}) in ${b.validation.graph}`
    : `the graph's own validation split`;
  const lines = [
    '# pipeline tune: leaderboard',
    '',
    `Graph ${b.graph}; every trial selected on ${validation}; ${b.metric} on validation; seed ${b.seed}; ` +
      `budget ${formatSeconds(b.budgetSeconds)}, spent ${formatSeconds(b.spentSeconds)}. ` +
      `Test was not read during the search; the last column is the ${b.testLabel}.`,
    '',
    '## Best of each model',
    '',
    `| model | trials | default (valid ${b.metric}) | best (valid ${b.metric}) | best trial | best configuration | ${b.metric} (${b.testLabel}) |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const m of b.models) {
    const cfg = m.best
      ? `${formatConfig(m.best.config)}${m.best.budget !== null ? ` (length ${m.best.budget}, epoch ${m.best.epoch})` : ''}`
      : '—';
    lines.push(
      `| ${m.model} | ${m.trials} | ${f(m.default?.value)} | ${f(m.best?.value)} | ${m.best ? `#${m.best.trial}${m.best.isDefault ? ' (default)' : ''}` : '—'} | ${cfg} | ${f(m.test?.[b.metric])} |`,
    );
  }
  lines.push('');
  lines.push(
    b.best
      ? `**Overall best:** ${b.best.model} trial #${b.best.trial}, valid ${b.metric} ${b.best.value.toFixed(4)}, ${
          b.best.refit
            ? `trained again on all of train${b.best.refit.length ? ` for ${b.best.refit.epoch} ${b.best.refit.length}` : ''} into \`${b.best.run}\` (the validation split was carved from train); its ${b.metric} (${b.testLabel}): ${f(b.best.refit.test?.[b.metric])}`
            : `copied to \`${b.best.run}\``
        }.`
      : '**No trial finished.**',
  );
  lines.push('', '## Trials', '', `| model | trial | configuration | length | valid ${b.metric} | epoch | seconds |`);
  lines.push('|---|---|---|---|---|---|---|');
  for (const t of b.trials) {
    const value = t.error ? `failed: ${t.error.replace(/\|/g, '/').slice(0, 120)}` : f(t.value);
    lines.push(
      `| ${t.model} | #${t.trial}${t.isDefault ? ' (default)' : ''} | ${formatConfig(t.config)} | ${t.budget ?? '—'} | ${value} | ${t.budget === null ? '—' : t.epoch} | ${t.seconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n') + '\n';
}
