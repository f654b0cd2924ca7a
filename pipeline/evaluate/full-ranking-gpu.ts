import type { GpuContext } from '../../graph/gpu/device.js';
import { GpuItemRanker } from '../../graph/gpu/ranker.js';
import { RankingAccumulator } from '../metrics/ranking.js';
import {
  onCandidates,
  rankingResult,
  relevantRow,
  usersWithRelevant,
  type FullRankingInput,
  type FullRankingResult,
} from './full-ranking.js';

/**
 * `evaluateFullRanking` with the masked top-K on the GPU (`--device gpu`): the same users, masks,
 * candidates and metrics; only the ranking moves, so the metrics equal the CPU's up to the order in
 * which float32 dot products are summed. Dot-product scorers only (the caller checks).
 */
export async function evaluateFullRankingGpu(input: FullRankingInput, gpu: GpuContext): Promise<FullRankingResult> {
  const start = performance.now();
  const inp = input.candidates === undefined ? input : onCandidates(input, input.candidates);
  const e = inp.scorer.embeddings;
  if (e === undefined) throw new TypeError('GPU evaluation needs a scorer with dot-product embeddings');
  const maxK = Math.max(...inp.ks);
  const users = inp.users ?? usersWithRelevant(inp.relevant);
  const ranker = new GpuItemRanker(gpu, e.items, e.dim);
  let top;
  try {
    top = await ranker.rank(e.users, users, maxK, inp.seen, inp.seenToo);
  } finally {
    ranker.destroy();
  }
  const acc = new RankingAccumulator({ ks: inp.ks, numItems: inp.scorer.numItems, perUser: inp.perUser });
  acc.add(
    top.items,
    Array.from(users, (u) => relevantRow(inp.relevant, u)),
    maxK,
  );
  return rankingResult(acc, start);
}
