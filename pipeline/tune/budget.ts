import { UsageError } from '../../core/errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * A wall-clock budget as seconds: "90s", "10m", "1h", combinations such as "1h30m", or a bare
 * number of seconds ("300").
 */
export function parseBudget(text: string, flag = 'budget'): number {
  const s = text.trim().toLowerCase();
  const bad = () =>
    new UsageError(`--${flag} must be a duration such as 90s, 10m, 1h or 1h30m, got "${text}"`, {
      field: flag,
      hint: 'a number followed by s, m or h; a bare number counts seconds',
    });
  if (/^\d+(\.\d+)?$/.test(s)) return positive(Number(s), bad);
  if (!/^(\d+(\.\d+)?[smh])+$/.test(s)) throw bad();
  let seconds = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)([smh])/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  return positive(seconds, bad);
}

function positive(seconds: number, bad: () => UsageError): number {
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw bad();
  return seconds;
}
