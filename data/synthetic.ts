import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Rng } from '../core/rng.js';

/**
 * A synthetic interaction log with planted structure, for the demo and for tests that must show a
 * model learns something: users and items belong to communities, users mostly pick items of their
 * own community, items carry genres correlated with their community, popularity is Zipf-skewed and
 * every interaction has a timestamp. Users carry features planted the same way (a region that is
 * mostly their community's, an age whose mean follows the community, and a plan that means nothing),
 * drawn from their own seeded stream so that the interactions do not depend on them.
 */
export interface SyntheticOptions {
  users: number;
  items: number;
  communities: number;
  /** Mean interactions per user (each user gets at least 3). */
  meanPerUser: number;
  /** Probability that an interaction stays inside the user's community. */
  affinity: number;
  seed: number;
}

export const DEFAULT_SYNTHETIC: SyntheticOptions = {
  users: 1500,
  items: 800,
  communities: 8,
  meanPerUser: 24,
  affinity: 0.85,
  seed: 7,
};

export interface SyntheticLog {
  user: Int32Array;
  item: Int32Array;
  rating: Float32Array;
  time: Float64Array;
  userCommunity: Int32Array;
  itemCommunity: Int32Array;
  itemGenres: string[][];
  itemTitles: string[];
  userFeatures: { age: Int32Array; region: string[]; plan: string[] };
}

/** Probability that a user's region is their community's own (else a random region). */
const REGION_AFFINITY = 0.75;
const CSV_BLOCK_ROWS = 100_000;
/** Salt of the user-feature stream. */
const USER_FEATURE_SALT = 0x75736572;

const GENRES = [
  'Action',
  'Comedy',
  'Drama',
  'Horror',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'Documentary',
  'Animation',
  'Western',
];

export function generateSyntheticLog(opts: Partial<SyntheticOptions> = {}): SyntheticLog {
  const o = { ...DEFAULT_SYNTHETIC, ...opts };
  const rng = new Rng(o.seed);
  const userCommunity = Int32Array.from({ length: o.users }, () => rng.int(o.communities));
  const itemCommunity = Int32Array.from({ length: o.items }, () => rng.int(o.communities));

  // Each community prefers two genres; an item takes one or two genres, mostly its community's.
  const itemGenres: string[][] = [];
  const itemTitles: string[] = [];
  for (let i = 0; i < o.items; i++) {
    const c = itemCommunity[i];
    const main = GENRES[(2 * c) % GENRES.length];
    const second = rng.next() < 0.7 ? GENRES[(2 * c + 1) % GENRES.length] : GENRES[rng.int(GENRES.length)];
    itemGenres.push(main === second ? [main] : [main, second]);
    itemTitles.push(`Item ${i}, "${main}" story (${1980 + rng.int(40)})`);
  }

  // Zipf popularity inside each community: items sorted by a random rank, weight 1/(rank+1)^0.9.
  const byCommunity: number[][] = Array.from({ length: o.communities }, () => []);
  for (let i = 0; i < o.items; i++) byCommunity[itemCommunity[i]].push(i);
  const cumulative = byCommunity.map((members) => {
    rng.shuffle(members);
    const acc = new Float64Array(members.length);
    let s = 0;
    members.forEach((_, r) => (acc[r] = s += 1 / Math.pow(r + 1, 0.9)));
    return acc;
  });
  const all = Array.from({ length: o.items }, (_, i) => i);
  const draw = (c: number): number => {
    const members = c < 0 ? all : byCommunity[c];
    if (members.length === 0) return rng.int(o.items);
    if (c < 0) return members[rng.int(members.length)];
    const acc = cumulative[c];
    const x = rng.next() * acc[acc.length - 1];
    let lo = 0;
    let hi = acc.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (acc[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return members[lo];
  };

  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  const times: number[] = [];
  const start = Date.UTC(2020, 0, 1) / 1000;
  for (let u = 0; u < o.users; u++) {
    const n = 3 + Math.floor(-Math.log(1 - rng.next()) * (o.meanPerUser - 3));
    const seen = new Set<number>();
    let t = start + rng.int(86400 * 300);
    for (let k = 0; k < n && seen.size < o.items; k++) {
      const inside = rng.next() < o.affinity;
      const i = draw(inside ? userCommunity[u] : -1);
      if (seen.has(i)) continue;
      seen.add(i);
      t += 60 + rng.int(86400 * 3);
      users.push(u);
      items.push(i);
      // Ratings: higher inside the community, on MovieLens' half-star scale.
      const base = inside && itemCommunity[i] === userCommunity[u] ? 4 : 2.5;
      ratings.push(Math.min(5, Math.max(0.5, Math.round((base + rng.normal() * 0.8) * 2) / 2)));
      times.push(t);
    }
  }
  return {
    userFeatures: plantUserFeatures(userCommunity, o.communities, o.seed),
    user: Int32Array.from(users),
    item: Int32Array.from(items),
    rating: Float32Array.from(ratings),
    time: Float64Array.from(times),
    userCommunity,
    itemCommunity,
    itemGenres,
    itemTitles,
  };
}

function plantUserFeatures(userCommunity: Int32Array, communities: number, seed: number): SyntheticLog['userFeatures'] {
  const rng = new Rng((seed ^ USER_FEATURE_SALT) >>> 0);
  const n = userCommunity.length;
  const age = new Int32Array(n);
  const region: string[] = [];
  const plan: string[] = [];
  for (let u = 0; u < n; u++) {
    const c = userCommunity[u];
    region.push(`r${rng.next() < REGION_AFFINITY ? c : rng.int(communities)}`);
    age[u] = Math.max(16, Math.min(80, Math.round(22 + ((c * 7) % 40) + rng.normal() * 6)));
    plan.push(rng.next() < 0.5 ? 'free' : 'premium');
  }
  return { age, region, plan };
}

/**
 * Writes the log as `interactions.csv` (userId,itemId,rating,timestamp), `items.csv`
 * (itemId,title,genres) and `users.csv` (userId,age,region,plan).
 */
export async function writeSyntheticCsv(
  log: SyntheticLog,
  dir: string,
): Promise<{ interactions: string; items: string; users: string }> {
  await fs.mkdir(dir, { recursive: true });
  const interactions = path.join(dir, 'interactions.csv');
  const items = path.join(dir, 'items.csv');
  const users = path.join(dir, 'users.csv');
  // In blocks of rows: one string for a 10M-row log would approach V8's string length limit.
  const out = await fs.open(interactions, 'w');
  try {
    await out.write('userId,itemId,rating,timestamp\n');
    for (let start = 0; start < log.user.length; start += CSV_BLOCK_ROWS) {
      const rows: string[] = [];
      for (let r = start; r < Math.min(log.user.length, start + CSV_BLOCK_ROWS); r++)
        rows.push(`u${log.user[r]},i${log.item[r]},${log.rating[r]},${log.time[r]}\n`);
      await out.write(rows.join(''));
    }
  } finally {
    await out.close();
  }
  const itemRows = ['itemId,title,genres'];
  log.itemTitles.forEach((title, i) =>
    itemRows.push(`i${i},"${title.replace(/"/g, '""')}",${log.itemGenres[i].join('|')}`),
  );
  await fs.writeFile(items, itemRows.join('\n') + '\n');
  const { age, region, plan } = log.userFeatures;
  const userRows = ['userId,age,region,plan'];
  for (let u = 0; u < age.length; u++) userRows.push(`u${u},${age[u]},${region[u]},${plan[u]}`);
  await fs.writeFile(users, userRows.join('\n') + '\n');
  return { interactions, items, users };
}
