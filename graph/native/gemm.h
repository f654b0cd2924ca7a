// Dense C = A B for the sampled-softmax loss, and a batch of them for the hybrid head's attention (see gemm.cc).
#pragma once
#include <cstdint>

namespace pk {

// A matrix read through strides: element (i, j) is p[i * rowStride + j * colStride], so a transposed
// view is just swapped strides.
struct MatView {
  const float* p;
  int64_t rowStride;
  int64_t colStride;
};

// C (m x n, row stride ldc) = A (m x k) B (k x n). Overwrites C; threads split the rows of C.
void gemm(int64_t m, int64_t n, int64_t k, MatView a, MatView b, float* c, int64_t ldc, int threads);

// C_s (m x n, packed, s = 0..batch-1) = A_s (m x k) B_s (k x n), where A_s and B_s are the views
// a and b moved by s * aBatchStride and s * bBatchStride floats. Threads split the batch (the rows
// of C when batch is 1).
void batchedGemm(int64_t batch, int64_t m, int64_t n, int64_t k, MatView a, int64_t aBatchStride, MatView b,
                 int64_t bBatchStride, float* c, int threads);

}  // namespace pk
