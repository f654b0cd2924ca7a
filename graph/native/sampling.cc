// Negative sampling. The work is cut into fixed chunks, each with its own random stream derived from
// (seed, chunk), so the result depends on the seed only, not on the number of threads. A negative is
// a uniform item rejected while it is in the user's sorted row (binary search); rows are short next
// to the item count, so the expected number of draws is close to 1.
#include "sampling.h"

#include <algorithm>
#include <vector>

#include "parallel.h"

namespace pk {
namespace {

constexpr int64_t kChunk = 16384;

inline uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**: small, fast, and good enough for sampling.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t s = seed ^ (stream * 0xd1b54a32d192ed03ULL + 0x2545f4914f6cdd1dULL);
    for (auto& w : s_) w = splitmix64(s);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n < 2^32, unbiased (Lemire's multiply-and-reject).
  uint32_t below(uint32_t n) {
    uint64_t m = static_cast<uint64_t>(static_cast<uint32_t>(next() >> 32)) * n;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < n) {
      const uint32_t threshold = static_cast<uint32_t>(-n) % n;
      while (low < threshold) {
        m = static_cast<uint64_t>(static_cast<uint32_t>(next() >> 32)) * n;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

inline bool inRow(const int32_t* b, const int32_t* e, int32_t item) {
  const int32_t* it = std::lower_bound(b, e, item);
  return it != e && *it == item;
}

// A uniform item outside the user's row. After many rejections (a nearly full row), walks from a
// random start to the next free item instead, so the loop always ends.
inline int32_t drawNegative(const CsrView& ui, int32_t user, Rng& rng) {
  const int32_t* b = ui.indices + ui.indptr[user];
  const int32_t* e = ui.indices + ui.indptr[user + 1];
  const uint32_t nItems = static_cast<uint32_t>(ui.cols);
  for (int tries = 0; tries < 256; ++tries) {
    const int32_t item = static_cast<int32_t>(rng.below(nItems));
    if (b == e || !inRow(b, e, item)) return item;
  }
  int32_t item = static_cast<int32_t>(rng.below(nItems));
  for (int64_t step = 0; step < ui.cols && inRow(b, e, item); ++step) item = (item + 1) % static_cast<int32_t>(nItems);
  return item;
}

inline void drawNegatives(const CsrView& ui, int32_t user, int k, Rng& rng, int32_t* out) {
  for (int j = 0; j < k; ++j) out[j] = drawNegative(ui, user, rng);
}

}  // namespace

void sampleBpr(const CsrView& ui, uint64_t seed, BprMode mode, int64_t count, int negatives, int32_t* users,
               int32_t* pos, int32_t* neg, int threads) {
  const int64_t nnz = ui.indptr[ui.rows];
  const int64_t nChunks = (count + kChunk - 1) / kChunk;
  if (count <= 0) return;
  if (mode == BprMode::Interactions) {
    if (nnz == 0) return;  // the caller rejects this case with a message
    // Passes over all interactions, each in a fresh random order (forward Fisher-Yates, which can
    // stop early for the last, partial pass). Sequential: one permutation, one stream.
    Rng rng(seed, ~0ULL);
    std::vector<int32_t> pu, pp;
    for (int64_t start = 0; start < count; start += nnz) {
      const int64_t m = std::min(nnz, count - start);
      int32_t* u = users + start;
      int32_t* p = pos + start;
      if (m < nnz) {
        pu.resize(nnz);
        pp.resize(nnz);
        u = pu.data();
        p = pp.data();
      }
      for (int64_t r = 0; r < ui.rows; ++r)
        for (int64_t e = ui.indptr[r]; e < ui.indptr[r + 1]; ++e) u[e] = static_cast<int32_t>(r);
      std::copy(ui.indices, ui.indices + nnz, p);
      for (int64_t i = 0; i < m && i < nnz - 1; ++i) {
        const int64_t j = i + rng.below(static_cast<uint32_t>(nnz - i));
        std::swap(u[i], u[j]);
        std::swap(p[i], p[j]);
      }
      if (m < nnz) {
        std::copy(u, u + m, users + start);
        std::copy(p, p + m, pos + start);
      }
    }
    parallelChunks(threads, nChunks, [&](int64_t c) {
      Rng r(seed, static_cast<uint64_t>(c));
      for (int64_t t = c * kChunk; t < std::min(count, (c + 1) * kChunk); ++t)
        drawNegatives(ui, users[t], negatives, r, neg + t * negatives);
    });
    return;
  }
  // Users mode (the official LightGCN sampler): a uniform user among those with a positive, then a
  // uniform positive of theirs.
  std::vector<int32_t> active;
  for (int64_t r = 0; r < ui.rows; ++r)
    if (ui.indptr[r + 1] > ui.indptr[r]) active.push_back(static_cast<int32_t>(r));
  if (active.empty()) return;  // the caller rejects this case with a message
  parallelChunks(threads, nChunks, [&](int64_t c) {
    Rng r(seed, static_cast<uint64_t>(c));
    for (int64_t t = c * kChunk; t < std::min(count, (c + 1) * kChunk); ++t) {
      const int32_t u = active[r.below(static_cast<uint32_t>(active.size()))];
      const int32_t deg = ui.indptr[u + 1] - ui.indptr[u];
      users[t] = u;
      pos[t] = ui.indices[ui.indptr[u] + static_cast<int32_t>(r.below(static_cast<uint32_t>(deg)))];
      drawNegatives(ui, u, negatives, r, neg + t * negatives);
    }
  });
}

void sampleNegatives(const CsrView& ui, const int32_t* users, int64_t nUsers, int k, uint64_t seed, int32_t* out,
                     int threads) {
  const int64_t nChunks = (nUsers + kChunk - 1) / kChunk;
  parallelChunks(threads, nChunks, [&](int64_t c) {
    Rng r(seed, static_cast<uint64_t>(c));
    for (int64_t t = c * kChunk; t < std::min(nUsers, (c + 1) * kChunk); ++t)
      drawNegatives(ui, users[t], k, r, out + t * k);
  });
}

}  // namespace pk
