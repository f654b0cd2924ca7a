import type { Dataset, SplitCode } from '../../data/types.js';

export type Row = [user: number, item: number, split: SplitCode, rating?: number, time?: number];

/** A dataset of the given rows (ratings and times only when some row has them). */
export function dataset(users: number, items: number, rows: Row[], opts: { split?: boolean } = {}): Dataset {
  const hasRating = rows.some((r) => r[3] !== undefined);
  const hasTime = rows.some((r) => r[4] !== undefined);
  return {
    users: Array.from({ length: users }, (_, k) => `u${k}`),
    items: Array.from({ length: items }, (_, k) => `i${k}`),
    interactions: {
      length: rows.length,
      user: Int32Array.from(rows, (r) => r[0]),
      item: Int32Array.from(rows, (r) => r[1]),
      rating: hasRating ? Float32Array.from(rows, (r) => r[3] ?? 0) : null,
      time: hasTime ? Float64Array.from(rows, (r) => r[4] ?? 0) : null,
      split: opts.split === false ? null : Uint8Array.from(rows, (r) => r[2]),
    },
    itemContent: null,
    userContent: null,
    sampledNegatives: null,
    report: {
      format: 'test',
      files: [],
      rowsRead: rows.length,
      badLines: 0,
      filtered: {},
      rowsKept: rows.length,
      notes: [],
    },
  };
}
