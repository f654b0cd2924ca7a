// Adam for the LightGCN embedding table: one pass that reads the parameter, gradient and both
// moments and writes three of them (7 x 4 bytes per element), where tfjs's Adam runs ~15 separate
// single-threaded ops over the whole table, each with a temporary. Memory-bound, so the loop is kept
// plain (the compiler vectorises it) and split into contiguous chunks for the threads.
#include "adam.h"

#include <cmath>

#include "parallel.h"

namespace pk {

void adamStep(float* param, const float* grad, float* m, float* v, int64_t n, const AdamStep& s, int threads) {
  constexpr int64_t kChunk = 1 << 16;
  const float b1 = s.beta1, b2 = s.beta2, ob1 = 1.0f - s.beta1, ob2 = 1.0f - s.beta2;
  const float c1 = s.correction1, c2 = s.correction2, eps = s.epsilon, negLr = -s.lr;
  parallelChunks(threads, (n + kChunk - 1) / kChunk, [&](int64_t c) {
    const int64_t end = std::min(n, (c + 1) * kChunk);
    for (int64_t i = c * kChunk; i < end; ++i) {
      const float g = grad[i];
      const float mi = m[i] * b1 + g * ob1;
      const float vi = v[i] * b2 + (g * g) * ob2;
      m[i] = mi;
      v[i] = vi;
      param[i] = (mi / c1) / (std::sqrt(vi / c2) + eps) * negLr + param[i];
    }
  });
}

}  // namespace pk
