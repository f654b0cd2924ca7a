import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { parseBudget } from '../../pipeline/tune/budget.js';

describe('tune --budget', () => {
  it('reads seconds, minutes, hours and their combinations', () => {
    expect(parseBudget('90s')).toBe(90);
    expect(parseBudget('10m')).toBe(600);
    expect(parseBudget('1h')).toBe(3600);
    expect(parseBudget('1h30m')).toBe(5400);
    expect(parseBudget('2m30s')).toBe(150);
    expect(parseBudget('1.5m')).toBe(90);
    expect(parseBudget(' 5M ')).toBe(300);
    expect(parseBudget('300')).toBe(300);
  });

  it('refuses what is not a positive duration, naming the flag', () => {
    for (const bad of ['', 'm', '10x', '-5m', '0', '0s', '10 m', 'ten minutes', '1h-30m'])
      expect(() => parseBudget(bad), bad).toThrow(UsageError);
    expect(() => parseBudget('5 minutes')).toThrow(/--budget must be a duration/);
  });
});
