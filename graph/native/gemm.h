// Dense C = A B for the sampled-softmax loss (see gemm.cc).
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

}  // namespace pk
