/**
 * Random ranking, the reference every cold-start model must beat: score(u, i) is a hash of
 * (seed, u, i) in [0, 1). Nothing is stored but the seed, which reproduces every score; a new user
 * (fold-in) is keyed by a hash of their history, so the same history gets the same list.
 */
import type { Scorer } from '../common/scorer.js';

/** A 32-bit finaliser (murmur3 fmix32): a bijection with good avalanche. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The score of (user key, item): 24 random bits, exact in float32. */
export function randomScore(seed: number, user: number, item: number): number {
  return (mix(mix(mix(seed >>> 0) ^ (user >>> 0)) ^ (item >>> 0)) >>> 8) / 16777216;
}

/** A user key for a history: order-independent, and apart from the keys of known users (0..numUsers-1) by the high bit. */
export function historyKey(history: Int32Array): number {
  const sorted = Int32Array.from(new Set(history)).sort();
  let h = 0x9e3779b9;
  for (const i of sorted) h = mix(h ^ i);
  return (h | 0x80000000) >>> 0;
}

export function randomScorer(numUsers: number, numItems: number, seed: number): Scorer {
  const fill = (user: number, out: Float32Array, offset: number) => {
    for (let i = 0; i < numItems; i++) out[offset + i] = randomScore(seed, user, i);
  };
  return {
    numUsers,
    numItems,
    scoreBlock(users, out) {
      users.forEach((u, b) => fill(u, out, b * numItems));
    },
    scoreHistory(history, out) {
      fill(historyKey(history), out, 0);
    },
  };
}
