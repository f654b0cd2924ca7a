/**
 * Ranking against a catalogue that stays on the GPU: the item matrix is uploaded once (evaluation,
 * `recommend`, `similar`, and every request of `serve`), and each call uploads only its query
 * vectors and masks, runs the masked top-K kernel (graph/gpu/topk.ts) and reads back queries x k.
 * The result is what `topKScores` (graph/kernels) gives for the same inputs, ties to the lower item.
 */
import type { Csr } from '../csr.js';
import type { TopKResult } from '../kernels/index.js';
import { uploadBuffer } from './compute.js';
import type { GpuContext } from './device.js';
import { GpuTopK } from './topk.js';

/**
 * Queries per dispatch: bounds one submission's length (a display GPU's driver may reset a kernel
 * that runs for seconds) and the read-back buffers; large evaluations loop over such chunks.
 */
export const RANK_CHUNK = 8192;

export class GpuItemRanker {
  readonly numItems: number;
  private readonly items: GPUBuffer;

  constructor(
    private readonly gpu: GpuContext,
    items: Float32Array,
    readonly dim: number,
  ) {
    if (!Number.isInteger(dim) || dim < 1 || items.length % dim !== 0)
      throw new RangeError(`items (${items.length}) are not rows of dim ${dim}`);
    this.numItems = items.length / dim;
    this.items = uploadBuffer(gpu, items, 'ranked items');
  }

  /**
   * The best k items for rows `rows` of `queries` (row-major, dim columns), never an item in row r
   * of `mask` or `mask2` for query row r: rows x k results, padded with (-1, -Infinity) where fewer
   * items are left.
   */
  async rank(
    queries: Float32Array,
    rows: Int32Array,
    k: number,
    mask: Csr | null,
    mask2: Csr | null = null,
  ): Promise<TopKResult> {
    if (queries.length % this.dim !== 0)
      throw new RangeError(`queries (${queries.length}) are not rows of dim ${this.dim}`);
    const out = { items: new Int32Array(rows.length * k), scores: new Float32Array(rows.length * k) };
    if (rows.length === 0 || k === 0) return out;
    const q = uploadBuffer(this.gpu, queries, 'queries');
    const topk = new GpuTopK(
      this.gpu,
      q,
      this.items,
      queries.length / this.dim,
      this.numItems,
      this.dim,
      k,
      mask,
      mask2,
    );
    try {
      for (let s = 0; s < rows.length; s += RANK_CHUNK) {
        const part = await topk.run(rows.subarray(s, Math.min(rows.length, s + RANK_CHUNK)));
        out.items.set(part.items, s * k);
        out.scores.set(part.scores, s * k);
      }
      return out;
    } finally {
      topk.destroy();
      q.destroy();
    }
  }

  destroy(): void {
    this.items.destroy();
  }
}
