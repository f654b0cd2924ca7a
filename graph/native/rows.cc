// Row-restricted sparse products for training LightGCN on a batch's rows. A batch repeats rows a lot
// (positives are drawn per interaction, so an item of degree 1,400 can appear dozens of times), so
// both kernels first fold the batch onto its distinct rows: each distinct row's product is computed
// once, and the pushed rows of duplicates are summed before they touch A. Tiles of compile-time width
// keep a row's accumulator in vector registers, as in spmm.cc.
#include "rows.h"

#include <algorithm>
#include <atomic>
#include <type_traits>
#include <vector>

#include "parallel.h"
#include "simd.h"

namespace pk {
namespace {

template <int W>
using Width = std::integral_constant<int, W>;

// Calls f(Width<W>{}, c0) over column tiles covering [0, d): 64-wide tiles, then 32, 16, 8, 4, 2, 1.
template <class F>
inline void forTiles(int64_t d, F&& f) {
  int64_t c0 = 0;
  for (; c0 + 64 <= d; c0 += 64) f(Width<64>{}, c0);
  if (d - c0 >= 32) { f(Width<32>{}, c0); c0 += 32; }
  if (d - c0 >= 16) { f(Width<16>{}, c0); c0 += 16; }
  if (d - c0 >= 8) { f(Width<8>{}, c0); c0 += 8; }
  if (d - c0 >= 4) { f(Width<4>{}, c0); c0 += 4; }
  if (d - c0 >= 2) { f(Width<2>{}, c0); c0 += 2; }
  if (d - c0 >= 1) f(Width<1>{}, c0);
}

// The batch folded onto its distinct rows.
struct Distinct {
  std::vector<int32_t> rows;   // distinct rows, in increasing order
  std::vector<int32_t> first;  // per distinct row: its first position in the batch
  std::vector<int32_t> next;   // per position: the next position holding the same row, -1 at the last
  std::vector<int32_t> slot;   // per row of A: its index in `rows`, -1 when not in the batch
};

Distinct distinctRows(const int32_t* rows, int64_t count, int64_t n) {
  Distinct u;
  u.slot.assign(static_cast<size_t>(n), -1);
  u.next.assign(static_cast<size_t>(count), -1);
  std::vector<int32_t> last;
  for (int64_t r = 0; r < count; ++r) {
    int32_t& s = u.slot[rows[r]];
    if (s < 0) {
      s = static_cast<int32_t>(u.rows.size());
      u.rows.push_back(rows[r]);
      u.first.push_back(static_cast<int32_t>(r));
      last.push_back(static_cast<int32_t>(r));
    } else {
      u.next[last[s]] = static_cast<int32_t>(r);
      last[s] = static_cast<int32_t>(r);
    }
  }
  // Renumber in row order (a scan of the slot map): each thread then works on a contiguous range
  // of rows, and the x rows they gather (the other side of the bipartite graph) stay closer together:
  // about -20% CPU time for the row product of a Gowalla BPR batch.
  std::vector<int32_t> first;
  first.reserve(u.first.size());
  int32_t next = 0;
  for (int64_t r = 0; r < n; ++r) {
    int32_t& s = u.slot[r];
    if (s < 0) continue;
    first.push_back(u.first[s]);
    u.rows[next] = static_cast<int32_t>(r);
    s = next++;
  }
  u.first.swap(first);
  return u;
}

// Block bounds over items [0, prefix.size() - 1) of about equal cost, prefix[i] = cost of items before i.
std::vector<int64_t> balancedBlocks(const std::vector<int64_t>& prefix, int64_t nBlocks) {
  const int64_t items = static_cast<int64_t>(prefix.size()) - 1;
  std::vector<int64_t> bounds{0};
  nBlocks = std::max<int64_t>(1, std::min(nBlocks, items));
  for (int64_t b = 1; b < nBlocks; ++b) {
    const int64_t target = prefix.back() * b / nBlocks;
    const int64_t at = std::lower_bound(prefix.begin() + bounds.back(), prefix.end() - 1, target) - prefix.begin();
    if (at > bounds.back() && at < items) bounds.push_back(at);
  }
  bounds.push_back(items);
  return bounds;
}

// Blocks for `work` multiply-adds: several per thread for dynamic balance, none under ~32k.
int64_t blockCount(int threads, int64_t work) {
  return threads <= 1 ? 1 : std::min<int64_t>(static_cast<int64_t>(threads) * 16, std::max<int64_t>(1, work >> 15));
}

// One tile of (A x)[row], added at every position of the row in the batch. The prefetch runs on into
// the next distinct row of the block (`next`, or -1), since batch rows are short and scattered.
template <int W, bool HasValues>
inline void productTile(const CsrView& a, int32_t row, int32_t next, const float* __restrict x, int64_t d, int64_t c0,
                        float alpha, const Distinct& u, int32_t s, float* __restrict out, RowsLayout layout) {
  using V = typename Lanes<W>::V;
  constexpr int N = Lanes<W>::N, L = Lanes<W>::L;
  V acc[N];
  for (int i = 0; i < N; ++i) acc[i] = V{};
  const int64_t b = a.indptr[row], e = a.indptr[row + 1];
  const int64_t nb = next >= 0 ? a.indptr[next] : 0, ne = next >= 0 ? a.indptr[next + 1] : 0;
  for (int64_t p = b; p < e; ++p) {
    if (kPrefetchAhead > 0) {
      int64_t q = p + kPrefetchAhead;
      if (q >= e) q = nb + (q - e);
      if (q < (p + kPrefetchAhead < e ? e : ne)) {
        const float* ahead = x + static_cast<int64_t>(a.indices[q]) * d + c0;
        for (int c = 0; c < W; c += 16) __builtin_prefetch(ahead + c, 0, 3);
      }
    }
    const float* xr = x + static_cast<int64_t>(a.indices[p]) * d + c0;
    const float v = HasValues ? a.values[p] : 1.0f;
    for (int i = 0; i < N; ++i) acc[i] += v * load<V>(xr + i * L);
  }
  for (int i = 0; i < N; ++i) acc[i] *= alpha;
  for (int32_t pos = u.first[s]; pos >= 0; pos = u.next[pos]) {
    float* o = out + static_cast<int64_t>(pos) * layout.stride + layout.offset + c0;
    for (int i = 0; i < N; ++i) store(o + i * L, load<V>(o + i * L) + acc[i]);
  }
}

// Each destination row of [r0, r1) sums its neighbours that are batch rows (gc: their summed rows).
// Pull reads every stored index of A, so it checks them here (an index outside A sets `bad` and is
// skipped) rather than in a separate pass.
template <bool HasValues>
void pullRange(const CsrView& a, const Distinct& u, const float* gc, int64_t d, float* h, bool accumulate, int64_t r0, int64_t r1,
               std::atomic<bool>& bad) {
  const int32_t* slot = u.slot.data();
  const uint32_t n = static_cast<uint32_t>(a.rows);
  for (int64_t r = r0; r < r1; ++r) {
    const int64_t b = a.indptr[r], e = a.indptr[r + 1];
    forTiles(d, [&](auto w, int64_t c0) {
      constexpr int W = decltype(w)::value;
      using V = typename Lanes<W>::V;
      constexpr int N = Lanes<W>::N, L = Lanes<W>::L;
      V acc[N];
      for (int i = 0; i < N; ++i) acc[i] = V{};
      bool hit = false;
      for (int64_t p = b; p < e; ++p) {
        const uint32_t c = static_cast<uint32_t>(a.indices[p]);
        if (c >= n) {
          bad.store(true, std::memory_order_relaxed);
          continue;
        }
        const int32_t s = slot[c];
        if (s < 0) continue;
        hit = true;
        const float* gr = gc + static_cast<int64_t>(s) * d + c0;
        const float v = HasValues ? a.values[p] : 1.0f;
        for (int i = 0; i < N; ++i) acc[i] += v * load<V>(gr + i * L);
      }
      float* o = h + r * d + c0;
      if (!accumulate) {
        for (int i = 0; i < N; ++i) store(o + i * L, acc[i]);
      } else if (hit) {
        for (int i = 0; i < N; ++i) store(o + i * L, load<V>(o + i * L) + acc[i]);
      }
    });
  }
}

// Every edge (s -> c) of a batch row with c in [lo, hi) adds gc[s] into h[c]; the batch row's tile
// stays in registers across its edges, the destination rows are prefetched for writing.
template <bool HasValues>
void pushRange(const CsrView& a, const Distinct& u, const float* gc, int64_t d, float* h, int32_t lo, int32_t hi) {
  const int64_t nd = static_cast<int64_t>(u.rows.size());
  for (int64_t s = 0; s < nd; ++s) {
    const int32_t row = u.rows[s];
    const int32_t* idx = a.indices;
    const int64_t e = a.indptr[row + 1];
    const int64_t b = std::lower_bound(idx + a.indptr[row], idx + e, lo) - idx;
    if (b == e || idx[b] >= hi) continue;
    // Indices were checked in range; skipping any below lo keeps each thread in its own rows even
    // if a row were not sorted.
    forTiles(d, [&](auto w, int64_t c0) {
      constexpr int W = decltype(w)::value;
      using V = typename Lanes<W>::V;
      constexpr int N = Lanes<W>::N, L = Lanes<W>::L;
      V g[N];
      for (int i = 0; i < N; ++i) g[i] = load<V>(gc + s * d + c0 + i * L);
      for (int64_t p = b; p < e && idx[p] < hi; ++p) {
        if (kPrefetchAhead > 0 && p + kPrefetchAhead < e) {
          float* ahead = h + static_cast<int64_t>(idx[p + kPrefetchAhead]) * d + c0;
          for (int c = 0; c < W; c += 16) __builtin_prefetch(ahead + c, 1, 3);
        }
        if (idx[p] < lo) continue;
        float* o = h + static_cast<int64_t>(idx[p]) * d + c0;
        const float v = HasValues ? a.values[p] : 1.0f;
        for (int i = 0; i < N; ++i) store(o + i * L, load<V>(o + i * L) + v * g[i]);
      }
    });
  }
}

// Stored entries in the batch's distinct rows, or -1 when one of their column indices is outside A.
int64_t batchNnz(const CsrView& a, const Distinct& u) {
  int64_t t = 0;
  bool ok = true;
  for (const int32_t r : u.rows) {
    for (int64_t p = a.indptr[r]; p < a.indptr[r + 1]; ++p) ok &= static_cast<uint64_t>(static_cast<uint32_t>(a.indices[p])) < static_cast<uint64_t>(a.cols);
    t += a.indptr[r + 1] - a.indptr[r];
  }
  return ok ? t : -1;
}

}  // namespace

bool spmmRowsAccumulate(const CsrView& a, const float* x, int64_t d, const int32_t* rows, int64_t count,
                        float* out, RowsLayout layout, float alpha, int threads) {
  if (count == 0 || d == 0) return true;
  const Distinct u = distinctRows(rows, count, a.rows);
  if (batchNnz(a, u) < 0) return false;
  const int64_t nd = static_cast<int64_t>(u.rows.size());
  std::vector<int64_t> prefix(static_cast<size_t>(nd) + 1, 0);
  for (int64_t s = 0; s < nd; ++s) prefix[s + 1] = prefix[s] + (a.indptr[u.rows[s] + 1] - a.indptr[u.rows[s]]) + 2;
  const std::vector<int64_t> bounds = balancedBlocks(prefix, blockCount(threads, prefix.back() * d));
  parallelChunks(threads, static_cast<int64_t>(bounds.size()) - 1, [&](int64_t blk) {
    for (int64_t s = bounds[blk]; s < bounds[blk + 1]; ++s) {
      const int32_t next = s + 1 < bounds[blk + 1] ? u.rows[s + 1] : -1;
      forTiles(d, [&](auto w, int64_t c0) {
        constexpr int W = decltype(w)::value;
        if (a.values != nullptr) productTile<W, true>(a, u.rows[s], next, x, d, c0, alpha, u, static_cast<int32_t>(s), out, layout);
        else productTile<W, false>(a, u.rows[s], next, x, d, c0, alpha, u, static_cast<int32_t>(s), out, layout);
      });
    }
  });
  return true;
}

void gatherRowsAccumulate(const float* x, int64_t d, const int32_t* rows, int64_t count, float* out, RowsLayout layout,
                          float alpha, int threads) {
  if (count == 0 || d == 0) return;
  const int64_t nBlocks = std::min(count, blockCount(threads, count * d));
  parallelChunks(threads, nBlocks, [&](int64_t blk) {
    const int64_t r0 = count * blk / nBlocks, r1 = count * (blk + 1) / nBlocks;
    for (int64_t r = r0; r < r1; ++r) {
      if (kPrefetchAhead > 0 && r + kPrefetchAhead < r1) {
        const float* ahead = x + static_cast<int64_t>(rows[r + kPrefetchAhead]) * d;
        for (int64_t c = 0; c < d; c += 16) __builtin_prefetch(ahead + c, 0, 3);
      }
      const float* __restrict src = x + static_cast<int64_t>(rows[r]) * d;
      float* __restrict dst = out + r * layout.stride + layout.offset;
      for (int64_t j = 0; j < d; ++j) dst[j] += alpha * src[j];
    }
  });
}

void scatterRowsAccumulate(const float* g, RowsLayout layout, int64_t d, const int32_t* rows, int64_t count, int64_t hRows,
                           float* h, float alpha, int threads) {
  if (count == 0 || d == 0) return;
  const Distinct u = distinctRows(rows, count, hRows);
  const int64_t nd = static_cast<int64_t>(u.rows.size());
  const int64_t nBlocks = std::min(nd, blockCount(threads, count * d));
  parallelChunks(threads, nBlocks, [&](int64_t blk) {
    for (int64_t s = nd * blk / nBlocks; s < nd * (blk + 1) / nBlocks; ++s) {
      float* __restrict dst = h + static_cast<int64_t>(u.rows[s]) * d;
      for (int32_t pos = u.first[s]; pos >= 0; pos = u.next[pos]) {
        const float* __restrict src = g + static_cast<int64_t>(pos) * layout.stride + layout.offset;
        for (int64_t j = 0; j < d; ++j) dst[j] += alpha * src[j];
      }
    }
  });
}

PushStrategy choosePushStrategy(const CsrView& a, int64_t batchNnz, int threads) {
  // Pull reads all of A but writes each destination once and gathers from the small summed batch;
  // push only walks the batch's edges, but each is a read-modify-write of a random row of h, an
  // overwrite must first clear h, and every thread scans all batch rows. Measured on Gowalla (d = 64,
  // CPU time): they break even when the batch holds ~12% of A's non-zeros on one thread, ~8% on two.
  const int64_t nnz = a.indptr[a.rows];
  return batchNnz * (threads > 1 ? 12 : 8) < nnz ? PushStrategy::Push : PushStrategy::Pull;
}

bool pushRows(const CsrView& a, const int32_t* rows, int64_t count, const float* g, RowsLayout layout, int64_t d,
              float* h, bool accumulate, PushStrategy strategy, int threads) {
  if (d == 0 || a.rows == 0) return true;
  const Distinct u = distinctRows(rows, count, a.rows);
  const int64_t nnzBatch = batchNnz(a, u);
  if (nnzBatch < 0) return false;
  const int64_t nd = static_cast<int64_t>(u.rows.size());
  // The batch rows summed over duplicates, packed (nd x d).
  std::vector<float> gc(static_cast<size_t>(nd * d));
  for (int64_t s = 0; s < nd; ++s) {
    float* dst = gc.data() + s * d;
    for (int32_t pos = u.first[s]; pos >= 0; pos = u.next[pos]) {
      const float* src = g + static_cast<int64_t>(pos) * layout.stride + layout.offset;
      for (int64_t j = 0; j < d; ++j) dst[j] += src[j];
    }
  }
  if (strategy == PushStrategy::Auto) strategy = choosePushStrategy(a, nnzBatch, threads);
  if (strategy == PushStrategy::Pull) {
    const int64_t work = (static_cast<int64_t>(a.indptr[a.rows]) + a.rows) * d / 4 + nnzBatch * d;
    const std::vector<int64_t> bounds = balancedRowBlocks(a.indptr, a.rows, blockCount(threads, work), 2);
    std::atomic<bool> bad{false};
    parallelChunks(threads, static_cast<int64_t>(bounds.size()) - 1, [&](int64_t blk) {
      if (a.values != nullptr) pullRange<true>(a, u, gc.data(), d, h, accumulate, bounds[blk], bounds[blk + 1], bad);
      else pullRange<false>(a, u, gc.data(), d, h, accumulate, bounds[blk], bounds[blk + 1], bad);
    });
    return !bad.load();
  }
  // Push: threads own ranges of destination rows, so no two write the same row. Each range scans
  // every batch row (a binary search for the range start), so keep the ranges few.
  const int64_t nBlocks = threads <= 1 ? 1 : std::min<int64_t>(static_cast<int64_t>(threads) * 4, std::max<int64_t>(1, (nnzBatch + a.rows) * d >> 16));
  const std::vector<int64_t> bounds = balancedRowBlocks(a.indptr, a.rows, nBlocks, 2);
  parallelChunks(threads, static_cast<int64_t>(bounds.size()) - 1, [&](int64_t blk) {
    const int64_t lo = bounds[blk], hi = bounds[blk + 1];
    if (!accumulate) std::fill(h + lo * d, h + hi * d, 0.0f);
    if (a.values != nullptr) pushRange<true>(a, u, gc.data(), d, h, static_cast<int32_t>(lo), static_cast<int32_t>(hi));
    else pushRange<false>(a, u, gc.data(), d, h, static_cast<int32_t>(lo), static_cast<int32_t>(hi));
  });
  return true;
}

}  // namespace pk
