import { describe, expect, it } from 'vitest';
import { isSignificantGain, pairedGain } from '../../pipeline/evaluate/paired-gain.js';

describe('pairedGain', () => {
  it('gives the mean difference and its standard error (hand-computed)', () => {
    // Differences 0.1, 0.3, -0.1, 0.1: mean 0.1, sample variance (0 + 0.04 + 0.04 + 0) / 3, se = sqrt(0.08/3/4).
    const g = pairedGain([0.5, 0.6, 0.2, 0.4], [0.4, 0.3, 0.3, 0.3]);
    expect(g.mean).toBeCloseTo(0.1, 12);
    expect(g.se).toBeCloseTo(Math.sqrt(0.08 / 3 / 4), 12);
    expect(g.users).toBe(4);
  });

  it('calls a gain significant only beyond z standard errors, and refuses unpaired inputs', () => {
    // se = 0.0816: a gain of 0.1 is 1.2 standard errors.
    const noisy = pairedGain([0.5, 0.6, 0.2, 0.4], [0.4, 0.3, 0.3, 0.3]);
    expect(isSignificantGain(noisy)).toBe(false);
    expect(isSignificantGain(noisy, 1)).toBe(true);
    const steady = pairedGain([0.5, 0.6, 0.7, 0.8], [0.4, 0.5, 0.6, 0.7]);
    expect(steady.se).toBeCloseTo(0, 12);
    expect(isSignificantGain(steady)).toBe(true);
    expect(isSignificantGain(pairedGain([0.3], [0.2]))).toBe(false); // one user: no error estimate
    expect(pairedGain([], []).mean).toBe(0);
    expect(() => pairedGain([1, 2], [1])).toThrow(RangeError);
  });
});
