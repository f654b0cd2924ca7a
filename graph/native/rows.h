// Sparse products restricted to a batch's rows, for LightGCN training on the rows a batch touches
// (see rows.cc and models/lightgcn-rows-op.ts).
#pragma once
#include <cstdint>

#include "spmm.h"

namespace pk {

// Where row r of a batch lives in a dense buffer: floats [r * stride + offset, r * stride + offset + d).
struct RowsLayout {
  int64_t stride;
  int64_t offset;
};

// out[r] += alpha * (A x)[rows[r]] for r < count (out in `layout`, x is a.cols x d). Each distinct row's
// product is computed once and added at all its positions in `rows`. Returns false, having written
// nothing, when a batch row holds a column index outside A (the only indices it reads).
bool spmmRowsAccumulate(const CsrView& a, const float* x, int64_t d, const int32_t* rows, int64_t count,
                        float* out, RowsLayout layout, float alpha, int threads);

// How pushRows moves the batch's rows through A (both give the same sums, up to float rounding order).
//   Push: every edge of a batch row adds into its destination row (threads own destination ranges);
//   Pull: every destination row sums its batch neighbours (scans all of A, writes h once per row).
enum class PushStrategy : int { Auto = 0, Push = 1, Pull = 2 };

// h (a.rows x d) = [h +] A G, where G (a.rows x d) is zero except G[rows[r]] = g[r] (in `layout`);
// duplicated rows add up. A must be square and symmetric: column rows[r] is read as row rows[r].
// Returns false when a column index it reads is outside A (then h is left partly updated).
bool pushRows(const CsrView& a, const int32_t* rows, int64_t count, const float* g, RowsLayout layout, int64_t d,
              float* h, bool accumulate, PushStrategy strategy, int threads);

// out[r] += alpha * x[rows[r]] for r < count (out in `layout`; x is row-major with d columns).
void gatherRowsAccumulate(const float* x, int64_t d, const int32_t* rows, int64_t count, float* out, RowsLayout layout,
                          float alpha, int threads);

// h[rows[r]] += alpha * g[r] for r < count (g in `layout`, h is hRows x d); duplicated rows add up.
void scatterRowsAccumulate(const float* g, RowsLayout layout, int64_t d, const int32_t* rows, int64_t count, int64_t hRows,
                           float* h, float alpha, int threads);

// The strategy Auto picks for a batch whose distinct rows have `batchNnz` stored entries in all.
PushStrategy choosePushStrategy(const CsrView& a, int64_t batchNnz, int threads);

}  // namespace pk
