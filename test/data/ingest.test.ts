import { describe, expect, it } from 'vitest';
import { InteractionBuilder, parseTime } from '../../data/ingest.js';
import { Split } from '../../data/types.js';

describe('InteractionBuilder', () => {
  it('keeps every row in order across chunk boundaries', () => {
    for (const n of [0, 1, 4096, 4097, (1 << 20) + 5, (2 << 20) + 123]) {
      const b = new InteractionBuilder({ rating: true, time: true, split: true });
      for (let k = 0; k < n; k++) b.push(k, k % 7, k % 5, k * 2, k % 3 === 0 ? Split.test : Split.train);
      const t = b.build();
      expect(t.length).toBe(n);
      let ok = true;
      for (let k = 0; k < n; k++) {
        if (
          t.user[k] !== k ||
          t.item[k] !== k % 7 ||
          t.rating![k] !== k % 5 ||
          t.time![k] !== k * 2 ||
          t.split![k] !== (k % 3 === 0 ? 2 : 0)
        ) {
          ok = false;
          break;
        }
      }
      expect(ok).toBe(true);
    }
  });

  it('leaves out columns that were not asked for', () => {
    const b = new InteractionBuilder({ rating: false, time: false, split: false });
    b.push(1, 2, 9, 9, Split.train);
    expect(b.build()).toEqual({
      length: 1,
      user: Int32Array.from([1]),
      item: Int32Array.from([2]),
      rating: null,
      time: null,
      split: null,
    });
  });
});

describe('parseTime', () => {
  it('reads unix seconds and ISO dates as UTC whatever the machine zone', () => {
    expect(parseTime('1577934245')).toBe(1577934245);
    expect(parseTime('1577934245.5')).toBe(1577934245.5);
    expect(parseTime('2020-01-02')).toBe(1577923200);
    expect(parseTime('2020-01-02 03:04:05')).toBe(1577934245);
    expect(parseTime('2020-01-02T03:04:05+01:00')).toBe(1577934245 - 3600);
    expect(parseTime('yesterday')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});
