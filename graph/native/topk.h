// Full-ranking top-K by dot product with masked items (see topk.cc).
#pragma once
#include <cstdint>

#include "spmm.h"

namespace pk {

struct TopKArgs {
  const float* userEmb;  // nUsers x d
  const float* itemEmb;  // nItems x d
  int64_t nItems;
  int64_t d;
  const int32_t* users;  // the nq users to rank for
  int64_t nq;
  const CsrView* seen;   // user -> items to exclude, or nullptr
  const CsrView* seen2;  // a second mask (e.g. validation items), or nullptr
  int k;
  int32_t* outItems;     // nq x k, best first, padded with -1
  float* outScores;      // nq x k, padded with -infinity
};

void topK(const TopKArgs& args, int threads);

}  // namespace pk
