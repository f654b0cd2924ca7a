// CSR SpMM Y = A X and the fused LightGCN layer combination (see spmm.cc).
#pragma once
#include <cstdint>

namespace pk {

struct CsrView {
  const int32_t* indptr;
  const int32_t* indices;
  const float* values;  // nullptr: every stored entry is 1
  int64_t rows;
  int64_t cols;
};

// What to do with each finished row of A X, besides (optionally) storing it in y:
//   combine == nullptr: nothing;
//   first: combine[r] = beta * x0[r] + alpha * (A X)[r]   (x0 has the row layout of the output)
//   else:  combine[r] += alpha * (A X)[r]
struct Epilogue {
  float* combine = nullptr;
  const float* x0 = nullptr;
  float alpha = 1.0f;
  float beta = 0.0f;
  bool first = false;
};

// y (rows x d, may be nullptr when only the epilogue is wanted) = A (rows x cols) * x (cols x d).
void spmm(const CsrView& a, const float* x, int64_t d, float* y, const Epilogue& ep, int threads);

// K layers E_{k+1} = A E_k from E_0 = x0; out = sum_k alphas[k] E_k (alphas has layers + 1 entries).
// A must be square. The intermediate layers need min(layers - 1, 2) buffers of rows x d: `scratch`
// when it is given (reused across calls, so no page faults), else allocated here.
void propagate(const CsrView& a, const float* x0, int64_t d, int layers, const float* alphas, float* out,
               float* scratch, int threads);

}  // namespace pk
