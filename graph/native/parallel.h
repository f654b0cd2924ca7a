// Minimal fork-join parallelism on std::thread (OpenMP is not assumed to be available).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace pk {

// Runs fn(chunk) for every chunk in [0, nChunks) on up to `threads` threads, the calling thread
// included. Chunks are handed out dynamically, so a core slowed by another process does not hold
// the others back. fn must not throw.
template <class F>
void parallelChunks(int threads, int64_t nChunks, F&& fn) {
  if (threads <= 1 || nChunks <= 1) {
    for (int64_t c = 0; c < nChunks; ++c) fn(c);
    return;
  }
  std::atomic<int64_t> next{0};
  auto worker = [&]() {
    for (;;) {
      const int64_t c = next.fetch_add(1, std::memory_order_relaxed);
      if (c >= nChunks) break;
      fn(c);
    }
  };
  const int t = static_cast<int>(std::min<int64_t>(threads, nChunks));
  std::vector<std::thread> pool;
  pool.reserve(t - 1);
  for (int i = 0; i < t - 1; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
}

// Splits rows [0, rows) into at most nBlocks contiguous ranges of about equal cost, where a row costs
// its non-zeros plus a fixed overhead (so long runs of empty rows are not free). Returns the
// nBlocks' + 1 boundaries.
inline std::vector<int64_t> balancedRowBlocks(const int32_t* indptr, int64_t rows, int64_t nBlocks,
                                              int64_t rowCost) {
  std::vector<int64_t> bounds{0};
  if (rows == 0) {
    bounds.push_back(0);
    return bounds;
  }
  nBlocks = std::max<int64_t>(1, std::min(nBlocks, rows));
  const auto cost = [&](int64_t r) { return static_cast<int64_t>(indptr[r]) - indptr[0] + r * rowCost; };
  const int64_t total = cost(rows);
  for (int64_t b = 1; b < nBlocks; ++b) {
    const int64_t target = total * b / nBlocks;
    int64_t lo = bounds.back(), hi = rows;  // first row r with cost(r) >= target
    while (lo < hi) {
      const int64_t mid = (lo + hi) / 2;
      if (cost(mid) < target) lo = mid + 1; else hi = mid;
    }
    if (lo > bounds.back() && lo < rows) bounds.push_back(lo);
  }
  bounds.push_back(rows);
  return bounds;
}

}  // namespace pk
