/**
 * Full-ranking masked top-K on the GPU (graph/kernels.ts `topKScores`): one workgroup per listed
 * user scores every item by dot product, skipping the user's items in `seen` (and `exclude2`), and
 * returns the best k, ties to the lower item index, padded with (-1, -Infinity).
 *
 * Each thread keeps a sorted private list of its best k over the items it scans (items arrive in
 * increasing order, so an equal score never displaces an earlier item); the lists then go to
 * workgroup memory and one thread picks the best head k times (one barrier: software adapters pay
 * dearly for each). Masks are walked with one pointer per thread along the user's
 * sorted CSR row, so no per-user bitmap (which would cap the catalogue size) is needed. The WGSL is
 * generated per (k, d): private arrays need constant sizes. Scores are assumed finite (WGSL may
 * assume no NaN or infinity).
 */
import type { Csr } from '../csr.js';
import { checkCsr, checkInt } from '../kernels/args.js';
import type { TopKResult } from '../kernels/index.js';
import type { GpuContext } from './device.js';
import {
  Dispatch,
  LINEAR_ID,
  readFloats,
  readInts,
  storageBuffer,
  submitPass,
  uploadBuffer,
  writeBuffer,
  type KernelSource,
} from './compute.js';

/**
 * Threads per user: as many as keep the T lists of k (score, item) pairs within 10 KiB of
 * workgroup memory, at most 64 (a power of two); 1 for very large k.
 */
export function topKThreads(k: number): number {
  let t = 64;
  while (t > 1 && t * k * 8 > 10 * 1024) t >>= 1;
  return t;
}

function topKSource(k: number, d: number): KernelSource {
  const THREADS = topKThreads(k);
  return {
    label: `topk-${k}-${d}`,
    paramWords: 6,
    storage: ['read', 'read', 'read', 'read', 'read', 'read', 'read', 'write', 'write'],
    code: `${LINEAR_ID}
const K = ${k}u;
const D = ${d}u;
const T = ${THREADS}u;
struct Params { count: u32, items: u32, seenRows: u32, seen2Rows: u32, useSeen: u32, useSeen2: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> userEmb: array<f32>;
@group(0) @binding(2) var<storage, read> itemEmb: array<f32>;
@group(0) @binding(3) var<storage, read> users: array<i32>;
@group(0) @binding(4) var<storage, read> seenIndptr: array<i32>;
@group(0) @binding(5) var<storage, read> seenIndices: array<i32>;
@group(0) @binding(6) var<storage, read> seen2Indptr: array<i32>;
@group(0) @binding(7) var<storage, read> seen2Indices: array<i32>;
@group(0) @binding(8) var<storage, read_write> outItems: array<i32>;
@group(0) @binding(9) var<storage, read_write> outScores: array<f32>;
var<workgroup> uvec: array<f32, D>;
var<workgroup> listS: array<f32, T * K>;
var<workgroup> listJ: array<i32, T * K>;

// Whether candidate (s, j) ranks above (t, i); j < 0 is an empty slot.
fn better(s: f32, j: i32, t: f32, i: i32) -> bool {
  return j >= 0 && (i < 0 || s > t || (s == t && j < i));
}

@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let q = linearGroup(wid, nwg);
  if (q >= p.count) { return; }
  let u = u32(users[q]);
  for (var c = lid; c < D; c += T) { uvec[c] = userEmb[u * D + c]; }
  workgroupBarrier();
  var m1 = 0; var e1 = 0;
  if (p.useSeen != 0u && u < p.seenRows) { m1 = seenIndptr[u]; e1 = seenIndptr[u + 1u]; }
  var m2 = 0; var e2 = 0;
  if (p.useSeen2 != 0u && u < p.seen2Rows) { m2 = seen2Indptr[u]; e2 = seen2Indptr[u + 1u]; }
  var ls: array<f32, K>;
  var lj: array<i32, K>;
  var n = 0u;
  for (var jj = lid; jj < p.items; jj += T) {
    let j = i32(jj);
    while (m1 < e1 && seenIndices[m1] < j) { m1++; }
    if (m1 < e1 && seenIndices[m1] == j) { continue; }
    while (m2 < e2 && seen2Indices[m2] < j) { m2++; }
    if (m2 < e2 && seen2Indices[m2] == j) { continue; }
    var s = 0.0;
    let o = jj * D;
    for (var c = 0u; c < D; c++) { s += uvec[c] * itemEmb[o + c]; }
    if (n < K || s > ls[K - 1u]) {
      var at = min(n, K - 1u);
      while (at > 0u && s > ls[at - 1u]) {
        ls[at] = ls[at - 1u];
        lj[at] = lj[at - 1u];
        at--;
      }
      ls[at] = s;
      lj[at] = j;
      n = min(n + 1u, K);
    }
  }
  // Merge: every list into workgroup memory, then one thread takes the best head K times
  // (two barriers in all: software adapters pay dearly for each one).
  for (var i = 0u; i < K; i++) {
    var sj = -1;
    var ss = 0.0;
    if (i < n) { sj = lj[i]; ss = ls[i]; }
    listS[lid * K + i] = ss;
    listJ[lid * K + i] = sj;
  }
  workgroupBarrier();
  if (lid != 0u) { return; }
  var heads: array<u32, T>;
  for (var r = 0u; r < K; r++) {
    var bestT = 0u;
    var bestS = 0.0;
    var bestJ = -1;
    for (var t = 0u; t < T; t++) {
      if (heads[t] < K) {
        let at = t * K + heads[t];
        if (better(listS[at], listJ[at], bestS, bestJ)) { bestS = listS[at]; bestJ = listJ[at]; bestT = t; }
      }
    }
    outItems[q * K + r] = bestJ;
    outScores[q * K + r] = bestS;
    if (bestJ >= 0) { heads[bestT]++; }
  }
}`,
  };
}

/** A mask on the device (sorted CSR rows); absent masks bind a dummy. */
interface GpuMask {
  rows: number;
  indptr: GPUBuffer;
  indices: GPUBuffer;
}

function uploadMask(gpu: GpuContext, mask: Csr | null, name: string): GpuMask | null {
  if (mask === null) return null;
  checkCsr(mask, name, true);
  return {
    rows: mask.rows,
    indptr: uploadBuffer(gpu, mask.indptr, `${name}.indptr`),
    indices: uploadBuffer(gpu, mask.indices.subarray(0, mask.indptr[mask.rows]), `${name}.indices`),
  };
}

/**
 * Top-k over embeddings that stay on the device (e.g. a trainer's final embeddings): masks and
 * buffers are uploaded once, each `run` uploads the users, dispatches and reads back users x k.
 */
export class GpuTopK {
  private readonly masks: (GpuMask | null)[];
  private readonly dummy: GPUBuffer;
  private usersBuffer: GPUBuffer | null = null;
  private itemsOut: GPUBuffer | null = null;
  private scoresOut: GPUBuffer | null = null;
  private dispatch: Dispatch | null = null;
  private capacity = 0;

  constructor(
    private readonly gpu: GpuContext,
    private readonly userEmb: GPUBuffer,
    private readonly itemEmb: GPUBuffer,
    private readonly numUsers: number,
    private readonly numItems: number,
    private readonly d: number,
    private readonly k: number,
    seen: Csr | null,
    exclude2: Csr | null = null,
  ) {
    checkInt(k, 'k', 1);
    checkInt(d, 'd', 1);
    this.masks = [uploadMask(gpu, seen, 'seen'), uploadMask(gpu, exclude2, 'exclude2')];
    this.dummy = storageBuffer(gpu, 16, 'no mask');
  }

  private ensure(count: number): Dispatch {
    if (this.dispatch !== null && count <= this.capacity) return this.dispatch;
    for (const b of [this.usersBuffer, this.itemsOut, this.scoresOut]) b?.destroy();
    this.dispatch?.destroy();
    this.capacity = Math.max(count, Math.ceil(this.capacity * 1.5));
    const { gpu, k } = this;
    this.usersBuffer = storageBuffer(gpu, this.capacity * 4, 'top-k users');
    this.itemsOut = storageBuffer(gpu, this.capacity * k * 4, 'top-k items');
    this.scoresOut = storageBuffer(gpu, this.capacity * k * 4, 'top-k scores');
    const [s1, s2] = this.masks;
    this.dispatch = new Dispatch(gpu, topKSource(k, this.d), [
      this.userEmb,
      this.itemEmb,
      this.usersBuffer,
      s1?.indptr ?? this.dummy,
      s1?.indices ?? this.dummy,
      s2?.indptr ?? this.dummy,
      s2?.indices ?? this.dummy,
      this.itemsOut,
      this.scoresOut,
    ]);
    return this.dispatch;
  }

  /** Records the ranking of `users` (uploaded now); `read` fetches the result after a submit. */
  encode(pass: GPUComputePassEncoder, users: Int32Array): void {
    for (let t = 0; t < users.length; t++) {
      if (!(users[t] >= 0 && users[t] < this.numUsers))
        throw new RangeError(`users[${t}] = ${users[t]} is outside 0..${this.numUsers - 1}`);
    }
    const op = this.ensure(Math.max(1, users.length));
    writeBuffer(this.gpu, this.usersBuffer as GPUBuffer, users);
    const [s1, s2] = this.masks;
    op.u32(0, users.length)
      .u32(1, this.numItems)
      .u32(2, s1?.rows ?? 0)
      .u32(3, s2?.rows ?? 0)
      .u32(4, s1 ? 1 : 0)
      .u32(5, s2 ? 1 : 0);
    op.encode(pass, users.length);
  }

  async read(count: number): Promise<TopKResult> {
    const n = count * this.k;
    const items = await readInts(this.gpu, this.itemsOut as GPUBuffer, n);
    const scores = await readFloats(this.gpu, this.scoresOut as GPUBuffer, n);
    for (let i = 0; i < n; i++) if (items[i] < 0) scores[i] = -Infinity;
    return { items, scores };
  }

  async run(users: Int32Array): Promise<TopKResult> {
    if (users.length === 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
    submitPass(this.gpu, (pass) => this.encode(pass, users));
    return this.read(users.length);
  }

  destroy(): void {
    for (const m of this.masks) if (m) (m.indptr.destroy(), m.indices.destroy());
    for (const b of [this.dummy, this.usersBuffer, this.itemsOut, this.scoresOut]) b?.destroy();
    this.dispatch?.destroy();
  }
}

/** `topKScores` of graph/kernels.ts on the GPU: uploads the embeddings, ranks, reads back. */
export async function topKScoresGpu(
  gpu: GpuContext,
  userEmb: Float32Array,
  itemEmb: Float32Array,
  d: number,
  users: Int32Array,
  seen: Csr | null,
  k: number,
  opts?: { exclude2?: Csr | null },
): Promise<TopKResult> {
  checkInt(d, 'd', 1);
  checkInt(k, 'k', 0);
  if (userEmb.length % d !== 0 || itemEmb.length % d !== 0)
    throw new RangeError(`userEmb (${userEmb.length}) and itemEmb (${itemEmb.length}) must be multiples of d = ${d}`);
  if (users.length === 0 || k === 0)
    return { items: new Int32Array(users.length * k), scores: new Float32Array(users.length * k) };
  const [gu, gi] = [uploadBuffer(gpu, userEmb, 'users'), uploadBuffer(gpu, itemEmb, 'items')];
  const topk = new GpuTopK(gpu, gu, gi, userEmb.length / d, itemEmb.length / d, d, k, seen, opts?.exclude2 ?? null);
  try {
    return await topk.run(users);
  } finally {
    topk.destroy();
    gu.destroy();
    gi.destroy();
  }
}
