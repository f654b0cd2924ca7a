/**
 * Successive halving (Jamieson & Talwalkar 2016) and Hyperband's brackets (Li et al. 2018), as pure
 * planning plus a driver that takes the evaluation as a callback: start many configurations on a
 * small budget (epochs, iterations, or seconds), keep the best 1/η on the validation metric, give
 * the survivors η times the budget, until one remains or the budget reaches its maximum. The
 * callback trains (or resumes) a configuration up to a budget and returns its validation value;
 * nothing here reads test data or knows a model.
 */

export interface Rung {
  /** Configurations evaluated in this rung. */
  count: number;
  /** Budget each of them reaches. */
  budget: number;
}

/** The rungs of one successive-halving run: n configurations from minBudget, ×eta per rung, capped at maxBudget. */
export function halvingPlan(n: number, minBudget: number, maxBudget: number, eta = 3): Rung[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`successive halving: n must be a positive integer, got ${n}`);
  if (!(minBudget > 0) || !(maxBudget >= minBudget))
    throw new RangeError(`successive halving: need 0 < minBudget <= maxBudget, got ${minBudget}, ${maxBudget}`);
  if (!(eta > 1)) throw new RangeError(`successive halving: eta must be > 1, got ${eta}`);
  const rungs: Rung[] = [];
  let count = n;
  let budget = minBudget;
  for (;;) {
    rungs.push({ count, budget: Math.min(budget, maxBudget) });
    if (count === 1 || budget >= maxBudget) break;
    count = Math.max(1, Math.floor(count / eta));
    budget *= eta;
  }
  return rungs;
}

/** Total budget a plan spends when every configuration restarts from zero at each rung (an upper bound when training resumes). */
export function planCost(rungs: Rung[]): number {
  return rungs.reduce((s, r) => s + r.count * r.budget, 0);
}

/** Hyperband's brackets for a maximum budget R and factor η: bracket s starts n_s configurations at R·η^-s. */
export function hyperbandBrackets(
  maxBudget: number,
  eta = 3,
  minBudget = 1,
): { n: number; minBudget: number; rungs: Rung[] }[] {
  const sMax = Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta) + 1e-9);
  const out: { n: number; minBudget: number; rungs: Rung[] }[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * eta ** s);
    const r = maxBudget * eta ** -s;
    out.push({ n, minBudget: r, rungs: halvingPlan(n, r, maxBudget, eta) });
  }
  return out;
}

export interface TrialResult<C> {
  id: number;
  config: C;
  /** Validation value at each budget reached (larger is better). */
  history: { budget: number; value: number }[];
}

export interface HalvingOutcome<C> {
  best: TrialResult<C>;
  trials: TrialResult<C>[];
  rungs: Rung[];
}

/**
 * Runs successive halving over `configs`. `evaluate(config, budget, id)` returns the validation
 * value after training `config` to `budget` (it may resume trial `id` from its last budget). Ties keep
 * the earlier configuration; NaN counts as the worst value. `shouldStop` (e.g. a wall-clock budget)
 * is checked before each evaluation: when it says stop, the best trial so far is returned.
 */
export async function successiveHalving<C>(opts: {
  configs: C[];
  minBudget: number;
  maxBudget: number;
  eta?: number;
  evaluate: (config: C, budget: number, id: number) => number | Promise<number>;
  shouldStop?: () => boolean;
}): Promise<HalvingOutcome<C>> {
  const eta = opts.eta ?? 3;
  const rungs = halvingPlan(opts.configs.length, opts.minBudget, opts.maxBudget, eta);
  const trials: TrialResult<C>[] = opts.configs.map((config, id) => ({ id, config, history: [] }));
  const last = (t: TrialResult<C>) => {
    const v = t.history.length > 0 ? t.history[t.history.length - 1].value : Number.NaN;
    return Number.isNaN(v) ? -Infinity : v;
  };
  const byValue = (a: TrialResult<C>, b: TrialResult<C>) => last(b) - last(a) || a.id - b.id;
  let alive = trials.slice();
  let stopped = false;
  for (const rung of rungs) {
    alive = alive.slice(0, rung.count);
    for (const t of alive) {
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      t.history.push({ budget: rung.budget, value: await opts.evaluate(t.config, rung.budget, t.id) });
    }
    if (stopped) break;
    alive.sort(byValue);
  }
  const evaluated = trials.filter((t) => t.history.length > 0);
  if (evaluated.length === 0)
    throw new RangeError('successive halving: stopped before any configuration was evaluated');
  // The best is the best value at the largest budget any trial reached (a value at a small budget is not comparable).
  const top = Math.max(...evaluated.map((t) => t.history[t.history.length - 1].budget));
  const best = evaluated.filter((t) => t.history[t.history.length - 1].budget === top).sort(byValue)[0];
  return { best, trials, rungs };
}
