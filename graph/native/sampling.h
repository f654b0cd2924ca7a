// Negative sampling for BPR/BCE training (see sampling.cc).
#pragma once
#include <cstdint>

#include "spmm.h"

namespace pk {

enum class BprMode { Interactions = 0, Users = 1 };

// Fills users/pos (count entries) and neg (count * negatives entries) from the user -> item CSR.
// Every row that can be drawn must leave at least one item that is not a positive (checked by the
// caller). Deterministic for a seed, whatever the number of threads.
void sampleBpr(const CsrView& ui, uint64_t seed, BprMode mode, int64_t count, int negatives, int32_t* users,
               int32_t* pos, int32_t* neg, int threads);

// k negatives for each listed user (out has nUsers * k entries).
void sampleNegatives(const CsrView& ui, const int32_t* users, int64_t nUsers, int k, uint64_t seed, int32_t* out,
                     int threads);

}  // namespace pk
