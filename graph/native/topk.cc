// Full-ranking top-K. Scores are computed a block of users x a pair of item panels at a time, never
// the whole users x items matrix: the items are packed once into panels of one vector's lanes (16
// with AVX-512, 8 with AVX2/NEON; item-minor, so one vector holds one coordinate of those items) and
// a 6-user x 2-panel register-blocked micro-kernel runs over the coordinates. Each user's 2-panel
// scores are then tested against that user's current k-th best while still in registers; the rare
// winners are checked against the masks (sorted seen rows, walked forward as the items advance) and
// pushed into a bounded heap of the best k.
// Every score is the same sequential fused multiply-add chain over the coordinates in every code
// path, so a user's ranking does not depend on how many users are ranked with it.
#include "topk.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <vector>

#include "parallel.h"
#include "simd.h"

namespace pk {
namespace {

constexpr int kPanel = sizeof(PanelV) / sizeof(float);
constexpr int kMR = 6;              // users per micro-kernel
constexpr int kBlockUsers = 8 * kMR;
constexpr int kTileItems = 512;     // items per chunk when scoring rows directly or packing
constexpr int kDirectBelow = 4;     // fewer users than this: skip packing, score items directly
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

struct Entry {
  float s;
  int32_t j;
};
// a ranks below b: lower score, or the same score and a higher item index.
inline bool below(const Entry& a, const Entry& b) { return a.s < b.s || (a.s == b.s && a.j > b.j); }

// The best k entries seen so far, as a min-heap with the worst at the root. Items arrive in
// increasing index order, so a newcomer that only ties the root ranks below it: `s > threshold()`
// is the whole admission test, and -infinity / NaN scores (masked items) are never admitted.
class TopHeap {
 public:
  // cap = min(k, number of items): a heap never holds more than there are items.
  TopHeap(Entry* buf, int cap) : h_(buf), k_(cap) {}
  float threshold() const { return n_ < k_ ? kNegInf : h_[0].s; }
  void push(float s, int32_t j) {
    Entry e{s, j};
    int i;
    if (n_ < k_) {
      for (i = n_++; i > 0; i = (i - 1) / 2) {
        const int p = (i - 1) / 2;
        if (!below(e, h_[p])) break;
        h_[i] = h_[p];
      }
    } else {
      for (i = 0;;) {
        const int l = 2 * i + 1;
        if (l >= n_) break;
        const int c = l + 1 < n_ && below(h_[l + 1], h_[l]) ? l + 1 : l;
        if (!below(h_[c], e)) break;
        h_[i] = h_[c];
        i = c;
      }
    }
    h_[i] = e;
  }
  // Writes the k best, best first, padded with (-1, -infinity) past the entries held.
  void emit(int32_t* items, float* scores, int k) {
    std::sort(h_, h_ + n_, [](const Entry& a, const Entry& b) { return below(b, a); });
    for (int i = 0; i < k; ++i) {
      items[i] = i < n_ ? h_[i].j : -1;
      scores[i] = i < n_ ? h_[i].s : kNegInf;
    }
  }

 private:
  Entry* h_;
  int k_;
  int n_ = 0;
};

// Walks one user's sorted mask row alongside the item tiles.
struct MaskCursor {
  const int32_t* p = nullptr;
  const int32_t* end = nullptr;
  MaskCursor(const CsrView* m, int32_t user) {
    if (m != nullptr && user < m->rows) {
      p = m->indices + m->indptr[user];
      end = m->indices + m->indptr[user + 1];
    }
  }
  void apply(float* row, int64_t t0, int64_t t1) {
    for (; p < end && *p < t1; ++p)
      if (*p >= t0) row[*p - t0] = kNegInf;
  }
  // Whether item j is masked; j must not decrease between calls.
  bool masked(int64_t j) {
    while (p < end && *p < j) ++p;
    return p < end && *p == j;
  }
};

// Whether any lane of a vector of scores beats the threshold: one vector compare and an OR-fold of
// the lanes, so the common case (nothing to admit) costs a few instructions per vector of items.
template <class V>
inline bool anyAbove(const V& v, float thr) {
  constexpr int L = sizeof(V) / sizeof(float);
  typedef int32_t IV __attribute__((vector_size(sizeof(V))));
  const IV m = v > thr;
  int32_t lanes[L];
  std::memcpy(lanes, &m, sizeof(V));
  int32_t any = 0;
  for (int i = 0; i < L; ++i) any |= lanes[i];
  return any != 0;
}

inline void select(float* row, int64_t t0, int64_t n, TopHeap& heap, MaskCursor& m1, MaskCursor& m2) {
  m1.apply(row, t0, t0 + n);
  m2.apply(row, t0, t0 + n);
  float thr = heap.threshold();
  int64_t j = 0;
  for (; j + kPanel <= n; j += kPanel) {
    if (!anyAbove(load<PanelV>(row + j), thr)) continue;
    for (int64_t l = j; l < j + kPanel; ++l) {
      if (row[l] > thr) {
        heap.push(row[l], static_cast<int32_t>(t0 + l));
        thr = heap.threshold();
      }
    }
  }
  for (; j < n; ++j) {
    if (row[j] > thr) {
      heap.push(row[j], static_cast<int32_t>(t0 + j));
      thr = heap.threshold();
    }
  }
}

// Scores of kMR users against the 32 items of two panels, computed in registers and admitted
// straight from them: a user's 32 scores are only written out (and masked items looked up) when
// one of them beats that user's current k-th best, which after the first few tiles is rare.
inline void microKernel(const float* u, int64_t d, const float* p0, int64_t j0, int64_t nValid, int rowsValid,
                        TopHeap* heaps, MaskCursor* m1, MaskCursor* m2) {
  const float* p1 = p0 + d * kPanel;
  PanelV acc[kMR][2];
  for (int r = 0; r < kMR; ++r) acc[r][0] = acc[r][1] = PanelV{};
  for (int64_t c = 0; c < d; ++c) {
    const PanelV i0 = load<PanelV>(p0 + c * kPanel), i1 = load<PanelV>(p1 + c * kPanel);
    for (int r = 0; r < kMR; ++r) {
      const float ur = u[r * d + c];
      acc[r][0] += ur * i0;
      acc[r][1] += ur * i1;
    }
  }
  for (int r = 0; r < rowsValid; ++r) {
    float thr = heaps[r].threshold();
    if (!anyAbove(acc[r][0], thr) && !anyAbove(acc[r][1], thr)) continue;
    float s[2 * kPanel];
    store(s, acc[r][0]);
    store(s + kPanel, acc[r][1]);
    for (int64_t l = 0; l < nValid; ++l) {
      if (s[l] > thr && !m1[r].masked(j0 + l) && !m2[r].masked(j0 + l)) {
        heaps[r].push(s[l], static_cast<int32_t>(j0 + l));
        thr = heaps[r].threshold();
      }
    }
  }
}

void packedBlock(const TopKArgs& a, const float* packed, int64_t q0, int64_t q1) {
  const int64_t d = a.d, nb = q1 - q0;
  std::vector<float> ublock(static_cast<size_t>(kBlockUsers * d), 0.0f);
  const int cap = static_cast<int>(std::min<int64_t>(a.k, a.nItems));
  std::vector<Entry> heapBuf(static_cast<size_t>(kBlockUsers) * cap);
  std::vector<TopHeap> heaps;
  std::vector<MaskCursor> m1, m2;
  for (int64_t r = 0; r < nb; ++r) {
    const int32_t u = a.users[q0 + r];
    std::copy(a.userEmb + u * d, a.userEmb + (u + 1) * d, ublock.begin() + r * d);
    heaps.emplace_back(heapBuf.data() + r * cap, cap);
    m1.emplace_back(a.seen, u);
    m2.emplace_back(a.seen2, u);
  }
  const int64_t pairs = (a.nItems + 2 * kPanel - 1) / (2 * kPanel);
  for (int64_t pp = 0; pp < pairs; ++pp) {
    const int64_t j0 = pp * 2 * kPanel;
    const float* p0 = packed + 2 * pp * d * kPanel;
    for (int64_t r0 = 0; r0 < nb; r0 += kMR) {
      microKernel(ublock.data() + r0 * d, d, p0, j0, std::min<int64_t>(2 * kPanel, a.nItems - j0),
                  static_cast<int>(std::min<int64_t>(kMR, nb - r0)), heaps.data() + r0, m1.data() + r0, m2.data() + r0);
    }
  }
  for (int64_t r = 0; r < nb; ++r) heaps[r].emit(a.outItems + (q0 + r) * a.k, a.outScores + (q0 + r) * a.k, a.k);
}

// One step of a score's chain, exactly as the vector kernel does it (fused where the CPU has FMA,
// which is also when the compiler contracts the vector code).
inline float madd(float a, float b, float c) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return __builtin_fmaf(a, b, c);
#else
  return a * b + c;
#endif
}

// For a handful of users packing all items costs more than it saves: score rows directly, four
// items at a time for instruction-level parallelism, with the same per-score FMA chain as above.
void directUser(const TopKArgs& a, int64_t q) {
  const int64_t d = a.d;
  const int32_t u = a.users[q];
  const float* ue = a.userEmb + u * d;
  std::vector<float> row(kTileItems);
  const int cap = static_cast<int>(std::min<int64_t>(a.k, a.nItems));
  std::vector<Entry> heapBuf(cap);
  TopHeap heap(heapBuf.data(), cap);
  MaskCursor m1(a.seen, u), m2(a.seen2, u);
  for (int64_t t0 = 0; t0 < a.nItems; t0 += kTileItems) {
    const int64_t n = std::min<int64_t>(kTileItems, a.nItems - t0);
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const float* it = a.itemEmb + (t0 + j) * d;
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (int64_t c = 0; c < d; ++c) {
        s0 = madd(ue[c], it[c], s0);
        s1 = madd(ue[c], it[d + c], s1);
        s2 = madd(ue[c], it[2 * d + c], s2);
        s3 = madd(ue[c], it[3 * d + c], s3);
      }
      row[j] = s0, row[j + 1] = s1, row[j + 2] = s2, row[j + 3] = s3;
    }
    for (; j < n; ++j) {
      const float* it = a.itemEmb + (t0 + j) * d;
      float s = 0;
      for (int64_t c = 0; c < d; ++c) s = madd(ue[c], it[c], s);
      row[j] = s;
    }
    select(row.data(), t0, n, heap, m1, m2);
  }
  heap.emit(a.outItems + q * a.k, a.outScores + q * a.k, a.k);
}

}  // namespace

void topK(const TopKArgs& a, int threads) {
  if (a.nq == 0 || a.k == 0) return;
  if (a.nItems == 0) {
    std::fill(a.outItems, a.outItems + a.nq * a.k, -1);
    std::fill(a.outScores, a.outScores + a.nq * a.k, kNegInf);
    return;
  }
  if (a.nq < kDirectBelow || a.d == 0) {
    parallelChunks(threads, a.nq, [&](int64_t q) { directUser(a, q); });
    return;
  }
  // Panels padded to an even count (the micro-kernel takes two) with zero items past the end.
  const int64_t d = a.d;
  const int64_t panels = ((a.nItems + kPanel - 1) / kPanel + 1) / 2 * 2;
  std::vector<float> packed(static_cast<size_t>(panels * d * kPanel), 0.0f);
  const int64_t packChunks = (a.nItems + kTileItems - 1) / kTileItems;
  parallelChunks(threads, packChunks, [&](int64_t t) {
    const int64_t j1 = std::min<int64_t>(a.nItems, (t + 1) * kTileItems);
    for (int64_t j = t * kTileItems; j < j1; ++j) {
      float* dst = packed.data() + (j / kPanel) * d * kPanel + j % kPanel;
      const float* src = a.itemEmb + j * d;
      for (int64_t c = 0; c < d; ++c) dst[c * kPanel] = src[c];
    }
  });
  const int64_t blocks = (a.nq + kBlockUsers - 1) / kBlockUsers;
  parallelChunks(threads, blocks, [&](int64_t b) {
    packedBlock(a, packed.data(), b * kBlockUsers, std::min<int64_t>(a.nq, (b + 1) * kBlockUsers));
  });
}

}  // namespace pk
