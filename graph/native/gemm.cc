// A small single-precision GEMM: B is packed into panels of kNR columns (contiguous along k), and a
// 6 x kNR register-blocked micro-kernel walks a block of k for 6 rows of A at a time, broadcasting
// A's entries (read through strides, so Aᵀ costs nothing extra). k is blocked so that a panel's
// block stays in L1 while the rows of a thread's chunk pass over it. Each element of C is summed by
// one thread in a fixed order, so results do not depend on the thread count.
#include "gemm.h"

#include <algorithm>
#include <vector>

#include "parallel.h"
#include "simd.h"

namespace pk {
namespace {

constexpr int kL = sizeof(PanelV) / sizeof(float);
constexpr int kNR = 2 * kL;     // columns per panel
constexpr int kMR = 6;          // rows per micro-kernel
constexpr int64_t kKC = 256;    // k per block
constexpr int64_t kRowsPerChunk = 16 * kMR;

// acc = A[rows, kb] · panel[kb, :] for `rows` (<= kMR) rows of A, then C[rows, :cols] += acc.
void micro(const MatView& a, int64_t row0, int64_t rows, int64_t k0, int64_t kb, const float* panel,
           float* c, int64_t ldc, int64_t cols) {
  PanelV acc[kMR][2];
  for (int r = 0; r < kMR; ++r) acc[r][0] = acc[r][1] = PanelV{};
  const float* ap[kMR];
  for (int r = 0; r < kMR; ++r) ap[r] = a.p + (row0 + std::min<int64_t>(r, rows - 1)) * a.rowStride + k0 * a.colStride;
  const int64_t cs = a.colStride;
  for (int64_t t = 0; t < kb; ++t) {
    const PanelV b0 = load<PanelV>(panel + t * kNR), b1 = load<PanelV>(panel + t * kNR + kL);
    for (int r = 0; r < kMR; ++r) {
      const float x = ap[r][t * cs];
      acc[r][0] += x * b0;
      acc[r][1] += x * b1;
    }
  }
  for (int64_t r = 0; r < rows; ++r) {
    float* cr = c + (row0 + r) * ldc;
    if (cols == kNR) {
      store(cr, load<PanelV>(cr) + acc[r][0]);
      store(cr + kL, load<PanelV>(cr + kL) + acc[r][1]);
    } else {
      float tmp[kNR];
      store(tmp, acc[r][0]);
      store(tmp + kL, acc[r][1]);
      for (int64_t j = 0; j < cols; ++j) cr[j] += tmp[j];
    }
  }
}

}  // namespace

void gemm(int64_t m, int64_t n, int64_t k, MatView a, MatView b, float* c, int64_t ldc, int threads) {
  const int64_t panels = (n + kNR - 1) / kNR;
  // packed[p][t][0..kNR): column block p of B, zero-padded past n.
  std::vector<float> packed(static_cast<size_t>(panels * k * kNR));
  parallelChunks(threads, panels, [&](int64_t p) {
    float* dst = packed.data() + p * k * kNR;
    const int64_t j0 = p * kNR, cols = std::min<int64_t>(kNR, n - j0);
    for (int64_t t = 0; t < k; ++t) {
      for (int64_t j = 0; j < cols; ++j) dst[t * kNR + j] = b.p[t * b.rowStride + (j0 + j) * b.colStride];
      for (int64_t j = cols; j < kNR; ++j) dst[t * kNR + j] = 0.0f;
    }
  });
  const int64_t chunks = (m + kRowsPerChunk - 1) / kRowsPerChunk;
  parallelChunks(threads, chunks, [&](int64_t ch) {
    const int64_t r0 = ch * kRowsPerChunk, r1 = std::min(m, r0 + kRowsPerChunk);
    for (int64_t r = r0; r < r1; ++r) std::fill(c + r * ldc, c + r * ldc + n, 0.0f);
    for (int64_t k0 = 0; k0 < k; k0 += kKC) {
      const int64_t kb = std::min(kKC, k - k0);
      for (int64_t p = 0; p < panels; ++p) {
        const float* panel = packed.data() + (p * k + k0) * kNR;
        const int64_t cols = std::min<int64_t>(kNR, n - p * kNR);
        for (int64_t r = r0; r < r1; r += kMR) micro(a, r, std::min<int64_t>(kMR, r1 - r), k0, kb, panel, c + p * kNR, ldc, cols);
      }
    }
  });
}

void batchedGemm(int64_t batch, int64_t m, int64_t n, int64_t k, MatView a, int64_t aBatchStride, MatView b,
                 int64_t bBatchStride, float* c, int threads) {
  // One entry: its rows are split over the threads instead.
  if (batch == 1) return gemm(m, n, k, a, b, c, n, threads);
  parallelChunks(threads, batch, [&](int64_t s) {
    const MatView as{a.p + s * aBatchStride, a.rowStride, a.colStride};
    const MatView bs{b.p + s * bBatchStride, b.rowStride, b.colStride};
    gemm(m, n, k, as, bs, c + s * m * n, n, 1);
  });
}

}  // namespace pk
