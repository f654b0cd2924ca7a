/**
 * The mean per-user gain of one ranking over another on the same users, and its standard error,
 * so that a model change is kept only when the gain is larger than the noise of the users sampled.
 */
export interface PairedGain {
  mean: number;
  /** Standard error of the mean difference (sample standard deviation / √n). */
  se: number;
  users: number;
}

export function pairedGain(candidate: ArrayLike<number>, baseline: ArrayLike<number>): PairedGain {
  const n = candidate.length;
  if (n !== baseline.length)
    throw new RangeError(`paired gain: ${n} values against ${baseline.length}; the same users must be compared`);
  if (n === 0) return { mean: 0, se: 0, users: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += candidate[i] - baseline[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (candidate[i] - baseline[i] - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.POSITIVE_INFINITY;
  return { mean, se, users: n };
}

/** One-sided test at z = 2 (about 2.3% false positives): the gain is unlikely to be sampling noise. */
export function isSignificantGain(g: PairedGain, z = 2): boolean {
  return g.mean > z * g.se;
}
