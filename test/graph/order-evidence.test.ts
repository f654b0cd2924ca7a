import { describe, expect, it } from 'vitest';
import { orderEvidence, ORDER_MIN_LIFT, ORDER_MIN_Z, type OrderInput } from '../../graph/order-evidence.js';
import { Rng } from '../../core/rng.js';

/**
 * Users who visit a few item clusters one after another (a trip, a binge): consecutive rows share
 * a cluster far more often than two rows drawn anywhere from the same user's list.
 */
function sessions(opts: { shuffle?: boolean; sortById?: boolean } = {}): OrderInput {
  const rng = new Rng(3);
  const users = 300;
  const clusters = 12;
  const perCluster = 15;
  const items: number[][] = [];
  for (let u = 0; u < users; u++) {
    const list: number[] = [];
    for (let s = 0; s < 4; s++) {
      const c = rng.int(clusters);
      for (let k = 0; k < 5; k++) {
        const item = c * perCluster + rng.int(perCluster);
        if (!list.includes(item)) list.push(item);
      }
    }
    if (opts.shuffle)
      for (let k = list.length - 1; k > 0; k--) {
        const j = rng.int(k + 1);
        [list[k], list[j]] = [list[j], list[k]];
      }
    if (opts.sortById) list.sort((a, b) => a - b);
    items.push(list);
  }
  const nItems = clusters * perCluster;
  const item: number[] = [];
  const indptr = [0];
  for (const list of items) {
    item.push(...list);
    indptr.push(item.length);
  }
  const byItem: number[][] = Array.from({ length: nItems }, () => []);
  items.forEach((list, u) => list.forEach((i) => byItem[i].push(u)));
  const itemIndptr = [0];
  for (const us of byItem) itemIndptr.push(itemIndptr[itemIndptr.length - 1] + us.length);
  return {
    item: Int32Array.from(item),
    userRows: { indptr: Int32Array.from(indptr), rows: Int32Array.from(item, (_, k) => k) },
    itemUsers: {
      rows: nItems,
      cols: users,
      indptr: Int32Array.from(itemIndptr),
      indices: Int32Array.from(byItem.flat()),
      values: null,
    },
    itemIds: Array.from({ length: nItems }, (_, i) => String(i)),
    hasTime: false,
  };
}

describe('order evidence', () => {
  it('finds time order in rows listed session by session', () => {
    const e = orderEvidence(sessions());
    expect(e.ordered).toBe(true);
    expect(e.lift).toBeGreaterThan(ORDER_MIN_LIFT);
    expect(e.z).toBeGreaterThan(ORDER_MIN_Z);
    expect(e.reason).toMatch(/carries time/);
  });

  it('finds none in the same rows shuffled within each user', () => {
    const e = orderEvidence(sessions({ shuffle: true }));
    expect(e.ordered).toBe(false);
    expect(Math.abs(e.lift - 1)).toBeLessThan(0.05);
    expect(e.reason).toMatch(/no sign/);
  });

  it('does not mistake rows sorted by item id for time (neighbouring ids are related here)', () => {
    const e = orderEvidence(sessions({ sortById: true }));
    expect(e.ordered).toBe(false);
    expect(e.reason).toMatch(/sorted by item id/);
  });

  it('takes timestamps as time order without looking at rows', () => {
    const e = orderEvidence({ ...sessions({ shuffle: true }), hasTime: true });
    expect(e).toMatchObject({ ordered: true, source: 'timestamps' });
  });
});
