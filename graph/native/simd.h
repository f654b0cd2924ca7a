// Fixed-width float vectors (GCC/Clang vector extensions). Written this way rather than as plain
// loops so the code generation is predictable: the compiler maps a 16-lane vector onto AVX-512,
// two AVX2 registers or four NEON/SSE registers as the target allows, and never turns a row gather
// into slow hardware gathers.
#pragma once
#include <cstring>

namespace pk {

typedef float f32x16 __attribute__((vector_size(64)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));
typedef float f32x2 __attribute__((vector_size(8)));

// A tile of W floats as N vectors of L lanes (W in 1, 2, 4, 8 or a multiple of 16).
template <int W> struct Lanes { typedef f32x16 V; static constexpr int L = 16, N = W / 16; };
template <> struct Lanes<8> { typedef f32x8 V; static constexpr int L = 8, N = 1; };
template <> struct Lanes<4> { typedef f32x4 V; static constexpr int L = 4, N = 1; };
template <> struct Lanes<2> { typedef f32x2 V; static constexpr int L = 2, N = 1; };
template <> struct Lanes<1> { typedef float V; static constexpr int L = 1, N = 1; };

// Unaligned loads and stores (typed arrays are only 4-byte aligned).
template <class V>
inline V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}
template <class V>
inline void store(float* p, const V& v) {
  std::memcpy(p, &v, sizeof(V));
}

// The vector of a 6 x 2 register-blocked micro-kernel (top-K scoring, GEMM): the widest type whose
// 12 accumulators still fit the register file. AVX-512 has 32 zmm (16 lanes), AVX2 and NEON 16 ymm /
// 32 q registers (8 lanes: a 16-lane vector there is two registers, and 24 accumulators spill on
// every step), SSE 16 xmm.
#if defined(__AVX512F__)
typedef f32x16 PanelV;
#elif defined(__AVX__) || defined(__aarch64__) || defined(__ARM_NEON)
typedef f32x8 PanelV;
#else
typedef f32x4 PanelV;
#endif

// How many non-zeros ahead the gathered rows of X are prefetched (the hardware prefetcher cannot
// guess a gather); shared by the SpMM and the row-restricted kernels.
#ifndef PK_PREFETCH_AHEAD
#define PK_PREFETCH_AHEAD 8
#endif
constexpr int kPrefetchAhead = PK_PREFETCH_AHEAD;

}  // namespace pk
