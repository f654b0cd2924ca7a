// LightGCN's ranking losses on a batch's rows, value and gradient in one call.
//
// The sampled-softmax loss of the fast preset in three GEMMs and one pass over the logits:
// S = U Nᵀ, then per user a numerically stable softmax turned into the logits' gradient G (in place
// of S), then dU = G N + g0 P, dP = g0 U, dN = Gᵀ U. With 8192 users, 1024 negatives and d = 256
// that is ~6.4 GFLOP per batch, which tfjs's single-threaded wasm matmuls made the bulk of an epoch.
#include "losses.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "parallel.h"

namespace pk {
namespace {

// exp(x) for x <= 0 (logits minus their row maximum), Cephes' expf: Cody–Waite reduction by ln 2
// and a degree-6 polynomial, ~1 ulp. Written plainly so that the compiler vectorises the row loop
// (libm's expf does not vectorise without -ffast-math).
inline float expNonPositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float n = std::floor(x * 1.44269504088896341f + 0.5f);
  const float r = x - n * 0.693359375f - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

constexpr int64_t kRowChunk = 64;

// Σ_r perRow(r) over rows [0, n), in chunks of kRowChunk rows spread over the threads; the chunks'
// sums are added in chunk order, so the total does not depend on the thread count.
template <class F>
double sumOverRows(int threads, int64_t n, F&& perRow) {
  const int64_t chunks = (n + kRowChunk - 1) / kRowChunk;
  std::vector<double> partial(static_cast<size_t>(chunks), 0.0);
  parallelChunks(threads, chunks, [&](int64_t ch) {
    double sum = 0;
    for (int64_t r = ch * kRowChunk, end = std::min(n, (ch + 1) * kRowChunk); r < end; ++r) sum += perRow(r);
    partial[ch] = sum;
  });
  double total = 0;
  for (double x : partial) total += x;
  return total;
}

}  // namespace

double sampledSoftmax(const float* value, int64_t stride, int64_t b, int64_t k, int64_t d, float invT, float logQ,
                      float* grad, float* scratch, int threads) {
  const float* u = value;
  const float* p = value + b * stride;
  const float* neg = value + 2 * b * stride;
  float* du = grad;
  float* dp = grad + b * stride;
  float* dn = grad + 2 * b * stride;
  // S = U Nᵀ (b x k).
  gemm(b, k, d, MatView{u, stride, 1}, MatView{neg, 1, stride}, scratch, k, threads);
  // Per user: the softmax over [z0, z1..zk] becomes G (the gradient of the mean loss with respect to
  // u·n_j, i.e. already scaled by 1/T and 1/b) in place of S, and g0 (with respect to u·p).
  std::vector<float> g0(static_cast<size_t>(b));
  const float scale = invT / static_cast<float>(b);
  const double loss = sumOverRows(threads, b, [&](int64_t r) {
    const float* ur = u + r * stride;
    const float* pr = p + r * stride;
    float dot = 0;
    for (int64_t j = 0; j < d; ++j) dot += ur[j] * pr[j];
    const float z0 = dot * invT;
    float* s = scratch + r * k;
    float mx = z0;
    for (int64_t j = 0; j < k; ++j) {
      s[j] = s[j] * invT - logQ;
      mx = s[j] > mx ? s[j] : mx;
    }
    float total = 0;
    for (int64_t j = 0; j < k; ++j) {
      s[j] = expNonPositive(s[j] - mx);
      total += s[j];
    }
    const float e0 = expNonPositive(z0 - mx);
    total += e0;
    const float f = scale / total;
    for (int64_t j = 0; j < k; ++j) s[j] *= f;
    g0[r] = (e0 / total - 1.0f) * scale;
    return static_cast<double>(mx) + std::log(static_cast<double>(total)) - z0;
  });
  // dU = G N (b x d), then + g0 P; dP = g0 U.
  gemm(b, d, k, MatView{scratch, k, 1}, MatView{neg, stride, 1}, du, stride, threads);
  parallelChunks(threads, (b + kRowChunk - 1) / kRowChunk, [&](int64_t ch) {
    for (int64_t r = ch * kRowChunk, end = std::min(b, (ch + 1) * kRowChunk); r < end; ++r) {
      const float g = g0[r];
      for (int64_t j = 0; j < d; ++j) {
        du[r * stride + j] += g * p[r * stride + j];
        dp[r * stride + j] = g * u[r * stride + j];
      }
    }
  });
  // dN = Gᵀ U (k x d).
  gemm(k, d, b, MatView{scratch, 1, k}, MatView{u, stride, 1}, dn, stride, threads);
  return b == 0 ? 0.0 : loss / static_cast<double>(b);
}

double bpr(const float* value, int64_t stride, int64_t b, int64_t k, int64_t d, float* grad, int threads) {
  const float* u = value;
  const float* p = value + b * stride;
  const float* neg = value + 2 * b * stride;
  const float scale = 1.0f / static_cast<float>(b * k);
  // Each user's rows (its own, its positive's, its k negatives') are written by one thread only.
  const double loss = sumOverRows(threads, b, [&](int64_t r) {
    const float* ur = u + r * stride;
    const float* pr = p + r * stride;
    float* du = grad + r * stride;
    float* dp = grad + (b + r) * stride;
    float pos = 0;
    for (int64_t j = 0; j < d; ++j) pos += ur[j] * pr[j];
    for (int64_t j = 0; j < d; ++j) du[j] = dp[j] = 0.0f;
    double sum = 0;
    for (int64_t q = 0; q < k; ++q) {
      const float* nr = neg + (r * k + q) * stride;
      float* dn = grad + (2 * b + r * k + q) * stride;
      float s = 0;
      for (int64_t j = 0; j < d; ++j) s += ur[j] * nr[j];
      const float x = s - pos;
      // softplus(x) and its derivative σ(x), stable for large |x|.
      sum += x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
      const float w = scale / (1.0f + std::exp(-x));
      for (int64_t j = 0; j < d; ++j) {
        du[j] += w * (nr[j] - pr[j]);
        dp[j] -= w * ur[j];
        dn[j] = w * ur[j];
      }
    }
    return sum;
  });
  return b == 0 ? 0.0 : loss * scale;
}

}  // namespace pk
