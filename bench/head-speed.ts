/**
 * Re-ranking speed of the hybrid's head (models/hybrid/attention-head.ts) at the default shapes:
 * blocks of 64 users, 200 candidates, histories of 50, d 256, a 64-32 MLP, over a 20,000-item
 * catalogue of random vectors. Per repetition (the first ones include the wasm heap's growth): the
 * tfjs path training uses (pack the block into tensors, logits) and the array path scoring uses
 * (models/hybrid/head-forward.ts), in users/s.
 *
 *   node dist/bench/head-speed.js [--reps 10] [--dim 256] [--candidates 200] [--history 50]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '../models/common/engine.js';
import { AttentionHead } from '../models/hybrid/attention-head.js';
import { BlockScratch, disposeInput, headInput } from '../models/hybrid/head-input.js';
import { headLogits, headWeights, itemProjections, type ItemProjections } from '../models/hybrid/head-forward.js';
import { Rng } from '../core/rng.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '10' },
    dim: { type: 'string', default: '256' },
    candidates: { type: 'string', default: '200' },
    history: { type: 'string', default: '50' },
  },
});
const [reps, d, c, l] = [values.reps, values.dim, values.candidates, values.history].map(Number);
const n = 20_000;
const b = 64;
await initEngine({ backend: 'auto' });
const rng = new Rng(1);
const items = Float32Array.from({ length: n * d }, () => rng.normal() * 0.1);
const users = Float32Array.from({ length: b * d }, () => rng.normal() * 0.1);
const head = new AttentionHead({ dim: d, hidden: [64, 32], positions: l }, rng);
const histories = Array.from({ length: b }, () => Int32Array.from({ length: l }, () => rng.int(n)));
const candidates = Int32Array.from({ length: b * c }, () => rng.int(n));
console.log(`backend ${tf.getBackend()}; ${b} users x ${c} candidates, history ${l}, d ${d}`);
let projections: ItemProjections | null = null;
const scratch = new BlockScratch();
for (let rep = 0; rep < reps; rep++) {
  const t0 = performance.now();
  const x = headInput(items, d, { users, histories, candidates, perRow: c });
  const t1 = performance.now();
  tf.tidy(() => head.logits(x)).dataSync();
  const t2 = performance.now();
  disposeInput(x);
  const weights = headWeights(head);
  projections = itemProjections(weights, items, projections);
  headLogits(weights, items, { users, histories, candidates, perRow: c }, projections, scratch);
  const t3 = performance.now();
  const rate = (ms: number) => (b / (ms / 1000)).toFixed(0);
  console.log(
    `tfjs (training path): pack ${(t1 - t0).toFixed(1)} ms, score ${(t2 - t1).toFixed(1)} ms, ${rate(t2 - t0)} users/s; ` +
      `arrays (scoring path): ${(t3 - t2).toFixed(1)} ms, ${rate(t3 - t2)} users/s`,
  );
}
head.dispose();
