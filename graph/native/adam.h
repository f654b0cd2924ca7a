// Dense Adam step over one float32 parameter array (see adam.cc).
#pragma once
#include <cstdint>

namespace pk {

struct AdamStep {
  float lr;
  float beta1;
  float beta2;
  float epsilon;
  // 1 - beta1^t and 1 - beta2^t for this step t (1-based), computed by the caller in double.
  float correction1;
  float correction2;
};

// m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  param -= lr (m / c1) / (sqrt(v / c2) + eps),
// element by element in tfjs's order of operations, over [0, n) split between `threads` threads.
void adamStep(float* param, const float* grad, float* m, float* v, int64_t n, const AdamStep& s, int threads);

}  // namespace pk
