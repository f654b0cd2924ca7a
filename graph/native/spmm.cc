// CSR SpMM, written for the LightGCN propagation on bipartite graphs (d = 32..128, ~20 non-zeros
// per row, X far larger than L2). Each output row is built in registers: the columns are cut into
// tiles of compile-time width (d = 100 -> 64 + 32 + 4), so the accumulator of a tile lives in vector
// registers across the whole row, the inner loop is a fixed-width FMA the compiler vectorises, and
// each output element is written once. The gathered rows of X are prefetched a few non-zeros ahead,
// since the hardware prefetcher cannot guess a gather. Threads take row blocks balanced by nnz.
#include "spmm.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "parallel.h"
#include "simd.h"

namespace pk {
namespace {

template <int W, bool HasValues>
inline void rowTile(const CsrView& a, int64_t nnzEnd, int64_t r, const float* __restrict x, int64_t d,
                    int64_t c0, float* __restrict y, const Epilogue& ep) {
  using V = typename Lanes<W>::V;
  constexpr int N = Lanes<W>::N, L = Lanes<W>::L;
  V acc[N];
  for (int i = 0; i < N; ++i) acc[i] = V{};
  const int64_t b = a.indptr[r], e = a.indptr[r + 1];
  for (int64_t p = b; p < e; ++p) {
    if (kPrefetchAhead > 0 && p + kPrefetchAhead < nnzEnd) {
      const float* ahead = x + static_cast<int64_t>(a.indices[p + kPrefetchAhead]) * d + c0;
      for (int c = 0; c < W; c += 16) __builtin_prefetch(ahead + c, 0, 3);
    }
    const float* xr = x + static_cast<int64_t>(a.indices[p]) * d + c0;
    const float v = HasValues ? a.values[p] : 1.0f;
    for (int i = 0; i < N; ++i) acc[i] += v * load<V>(xr + i * L);
  }
  const int64_t o = r * d + c0;
  if (y != nullptr)
    for (int i = 0; i < N; ++i) store(y + o + i * L, acc[i]);
  if (ep.combine != nullptr) {
    float* out = ep.combine + o;
    if (ep.first) {
      for (int i = 0; i < N; ++i) store(out + i * L, ep.beta * load<V>(ep.x0 + o + i * L) + ep.alpha * acc[i]);
    } else {
      for (int i = 0; i < N; ++i) store(out + i * L, load<V>(out + i * L) + ep.alpha * acc[i]);
    }
  }
}

template <bool HasValues>
void rowRange(const CsrView& a, int64_t r0, int64_t r1, const float* x, int64_t d, float* y, const Epilogue& ep) {
  const int64_t nnzEnd = a.indptr[a.rows];
  for (int64_t r = r0; r < r1; ++r) {
    int64_t c0 = 0;
    for (; c0 + 64 <= d; c0 += 64) rowTile<64, HasValues>(a, nnzEnd, r, x, d, c0, y, ep);
    if (d - c0 >= 32) { rowTile<32, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 32; }
    if (d - c0 >= 16) { rowTile<16, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 16; }
    if (d - c0 >= 8) { rowTile<8, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 8; }
    if (d - c0 >= 4) { rowTile<4, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 4; }
    if (d - c0 >= 2) { rowTile<2, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 2; }
    if (d - c0 >= 1) { rowTile<1, HasValues>(a, nnzEnd, r, x, d, c0, y, ep); c0 += 1; }
  }
}

}  // namespace

void spmm(const CsrView& a, const float* x, int64_t d, float* y, const Epilogue& ep, int threads) {
  if (a.rows == 0 || d == 0) return;
  // Several blocks per thread so the dynamic hand-out can even out a noisy core, but no block under
  // ~32k multiply-adds: a small product is not worth starting a thread for.
  const int64_t work = (static_cast<int64_t>(a.indptr[a.rows]) + a.rows) * d;
  const int64_t nBlocks = threads <= 1 ? 1 : std::min<int64_t>(static_cast<int64_t>(threads) * 16, std::max<int64_t>(1, work >> 15));
  const std::vector<int64_t> bounds = balancedRowBlocks(a.indptr, a.rows, nBlocks, 2);
  parallelChunks(threads, static_cast<int64_t>(bounds.size()) - 1, [&](int64_t blk) {
    if (a.values != nullptr) rowRange<true>(a, bounds[blk], bounds[blk + 1], x, d, y, ep);
    else rowRange<false>(a, bounds[blk], bounds[blk + 1], x, d, y, ep);
  });
}

void propagate(const CsrView& a, const float* x0, int64_t d, int layers, const float* alphas, float* out,
               float* scratch, int threads) {
  const int64_t n = a.rows * d;
  if (layers <= 0) {
    for (int64_t i = 0; i < n; ++i) out[i] = alphas[0] * x0[i];
    return;
  }
  std::unique_ptr<float[]> owned;
  if (scratch == nullptr && layers > 1) {
    owned.reset(new float[static_cast<size_t>(n) * (layers > 2 ? 2 : 1)]);  // uninitialised: fully overwritten
    scratch = owned.get();
  }
  float* bufs[2] = {scratch, scratch + n};
  const float* cur = x0;
  for (int k = 1; k <= layers; ++k) {
    Epilogue ep;
    ep.combine = out;
    ep.alpha = alphas[k];
    ep.first = k == 1;
    ep.x0 = x0;
    ep.beta = alphas[0];
    // The last layer is only needed through the combination, so it is never stored.
    float* next = k == layers ? nullptr : bufs[(k - 1) % 2];
    spmm(a, cur, d, next, ep, threads);
    cur = next;
  }
}

}  // namespace pk
