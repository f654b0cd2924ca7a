import { describe, expect, it } from 'vitest';
import { entryRows, sortedRangeHas } from '../../graph/csr.js';

describe('CSR helpers', () => {
  it('entryRows gives the row of every stored entry, empty rows included', () => {
    expect(Array.from(entryRows({ rows: 4, indptr: Int32Array.of(0, 2, 2, 5, 6) }))).toEqual([0, 0, 2, 2, 2, 3]);
    expect(entryRows({ rows: 0, indptr: Int32Array.of(0) })).toHaveLength(0);
  });

  it('sortedRangeHas finds a value only inside the given range', () => {
    const sorted = Int32Array.of(1, 4, 9, 2, 3, 8);
    expect(sortedRangeHas(sorted, 0, 3, 4)).toBe(true);
    expect(sortedRangeHas(sorted, 0, 3, 2)).toBe(false); // 2 lies in the next row
    expect(sortedRangeHas(sorted, 3, 6, 8)).toBe(true);
    expect(sortedRangeHas(sorted, 3, 6, 10)).toBe(false);
    expect(sortedRangeHas(sorted, 2, 2, 9)).toBe(false); // empty range
  });
});
