// Node bindings of the kernels. The TypeScript wrapper (graph/kernels.ts) validates shapes and
// allocates the outputs; this layer re-checks every length it relies on (so a misuse throws instead
// of reading out of bounds), takes the typed arrays' memory without copying, and runs the kernel
// synchronously on the calling thread plus helper threads.
#include <napi.h>

#include <algorithm>
#include <string>

#include "adam.h"
#include "gemm.h"
#include "rows.h"
#include "sampling.h"
#include "losses.h"
#include "spmm.h"
#include "topk.h"

namespace {

template <class T>
struct ArrayArg {
  T* data = nullptr;
  int64_t length = 0;
};

template <class T, napi_typedarray_type kType>
ArrayArg<T> typed(const Napi::CallbackInfo& info, size_t i, const char* name, bool nullable = false) {
  const Napi::Value v = info[i];
  if (nullable && (v.IsNull() || v.IsUndefined())) return {};
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != kType)
    throw Napi::TypeError::New(info.Env(), std::string("pipeline_kernels: ") + name + " has the wrong array type");
  auto arr = v.As<Napi::TypedArrayOf<T>>();
  return {arr.Data(), static_cast<int64_t>(arr.ElementLength())};
}
const auto f32 = typed<float, napi_float32_array>;
const auto i32 = typed<int32_t, napi_int32_array>;

int64_t integer(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t lo, int64_t hi) {
  const Napi::Value v = info[i];
  if (!v.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string("pipeline_kernels: ") + name + " must be a number");
  const double x = v.As<Napi::Number>().DoubleValue();
  if (!(x >= static_cast<double>(lo) && x <= static_cast<double>(hi)) || x != static_cast<double>(static_cast<int64_t>(x)))
    throw Napi::RangeError::New(info.Env(), std::string("pipeline_kernels: ") + name + " out of range");
  return static_cast<int64_t>(x);
}

void require(const Napi::CallbackInfo& info, bool ok, const char* what) {
  if (!ok) throw Napi::RangeError::New(info.Env(), std::string("pipeline_kernels: ") + what);
}

constexpr int64_t kMaxInt32 = 2147483647;

// CSR from (indptr, indices, values|null, rows, cols) starting at argument `i`; checks the offsets
// are monotone and within indices, and (when checkCols) that every column index is in range.
pk::CsrView csrArg(const Napi::CallbackInfo& info, size_t i, bool checkCols) {
  const auto indptr = i32(info, i, "indptr", false);
  const auto indices = i32(info, i + 1, "indices", false);
  const auto values = f32(info, i + 2, "values", true);
  const int64_t rows = integer(info, i + 3, "rows", 0, kMaxInt32 - 1);
  const int64_t cols = integer(info, i + 4, "cols", 0, kMaxInt32);
  require(info, indptr.length >= rows + 1, "indptr is shorter than rows + 1");
  require(info, indptr.data[0] >= 0 && indptr.data[rows] <= indices.length, "indptr points outside indices");
  for (int64_t r = 0; r < rows; ++r) require(info, indptr.data[r] <= indptr.data[r + 1], "indptr is not monotone");
  require(info, values.data == nullptr || values.length >= indptr.data[rows], "values is shorter than indices");
  if (checkCols)
    for (int64_t p = indptr.data[0]; p < indptr.data[rows]; ++p)
      require(info, indices.data[p] >= 0 && indices.data[p] < cols, "a column index is out of range");
  return pk::CsrView{indptr.data, indices.data, values.data, rows, cols};
}

// spmm(indptr, indices, values, rows, cols, x, d, y, threads)
Napi::Value Spmm(const Napi::CallbackInfo& info) {
  const pk::CsrView a = csrArg(info, 0, true);
  const auto x = f32(info, 5, "x", false);
  const int64_t d = integer(info, 6, "d", 0, kMaxInt32);
  const auto y = f32(info, 7, "y", false);
  const int threads = static_cast<int>(integer(info, 8, "threads", 1, 1024));
  require(info, x.length >= a.cols * d && y.length >= a.rows * d, "x or y is too short");
  pk::spmm(a, x.data, d, y.data, pk::Epilogue{}, threads);
  return info.Env().Undefined();
}

// propagate(indptr, indices, values, rows, cols, x0, d, layers, alphas, out, scratch|null, threads)
Napi::Value Propagate(const Napi::CallbackInfo& info) {
  const pk::CsrView a = csrArg(info, 0, true);
  const auto x0 = f32(info, 5, "x0", false);
  const int64_t d = integer(info, 6, "d", 0, kMaxInt32);
  const int layers = static_cast<int>(integer(info, 7, "layers", 0, 1000));
  const auto alphas = f32(info, 8, "alphas", false);
  const auto out = f32(info, 9, "out", false);
  const auto scratch = f32(info, 10, "scratch", true);
  const int threads = static_cast<int>(integer(info, 11, "threads", 1, 1024));
  require(info, a.rows == a.cols, "propagation needs a square matrix");
  require(info, scratch.data == nullptr || scratch.length >= std::min(layers - 1, 2) * a.rows * d, "scratch is too short");
  require(info, x0.length >= a.rows * d && out.length >= a.rows * d, "x0 or out is too short");
  require(info, alphas.length >= layers + 1, "alphas needs layers + 1 entries");
  pk::propagate(a, x0.data, d, layers, alphas.data, out.data, scratch.data, threads);
  return info.Env().Undefined();
}

// Positions [r * stride + offset, + d) of `count` batch rows must lie within a buffer of `length`.
void requireLayout(const Napi::CallbackInfo& info, int64_t count, int64_t stride, int64_t offset, int64_t d, int64_t length, const char* what) {
  require(info, offset + d <= stride, "offset + d must not exceed stride");
  require(info, count == 0 || (count - 1) * stride + offset + d <= length, what);
}

float numberArg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const Napi::Value v = info[i];
  if (!v.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string("pipeline_kernels: ") + name + " must be a number");
  return static_cast<float>(v.As<Napi::Number>().DoubleValue());
}

void requireRows(const Napi::CallbackInfo& info, const ArrayArg<int32_t>& rows, int64_t n) {
  for (int64_t r = 0; r < rows.length; ++r) require(info, rows.data[r] >= 0 && rows.data[r] < n, "a batch row is out of range");
}

// spmmRowsAccumulate(indptr, indices, values, rows, cols, x, d, batchRows, out, stride, offset, alpha, threads)
// The row kernels check the column indices they read themselves (a batch touches a fraction of A,
// and a full check would cost as much as the kernel).
Napi::Value SpmmRowsAccumulate(const Napi::CallbackInfo& info) {
  const pk::CsrView a = csrArg(info, 0, false);
  const auto x = f32(info, 5, "x", false);
  const int64_t d = integer(info, 6, "d", 0, kMaxInt32);
  const auto rows = i32(info, 7, "rows", false);
  const auto out = f32(info, 8, "out", false);
  const int64_t stride = integer(info, 9, "stride", 0, kMaxInt32);
  const int64_t offset = integer(info, 10, "offset", 0, kMaxInt32);
  const float alpha = numberArg(info, 11, "alpha");
  const int threads = static_cast<int>(integer(info, 12, "threads", 1, 1024));
  require(info, x.length >= a.cols * d, "x is too short");
  requireRows(info, rows, a.rows);
  requireLayout(info, rows.length, stride, offset, d, out.length, "out is too short for the batch rows");
  require(info, pk::spmmRowsAccumulate(a, x.data, d, rows.data, rows.length, out.data, pk::RowsLayout{stride, offset}, alpha, threads),
          "a column index is out of range");
  return info.Env().Undefined();
}

// pushRows(indptr, indices, values, rows, cols, batchRows, g, stride, offset, d, h, accumulate, strategy, threads)
Napi::Value PushRows(const Napi::CallbackInfo& info) {
  const pk::CsrView a = csrArg(info, 0, false);
  const auto rows = i32(info, 5, "rows", false);
  const auto g = f32(info, 6, "g", false);
  const int64_t stride = integer(info, 7, "stride", 0, kMaxInt32);
  const int64_t offset = integer(info, 8, "offset", 0, kMaxInt32);
  const int64_t d = integer(info, 9, "d", 0, kMaxInt32);
  const auto h = f32(info, 10, "h", false);
  const bool accumulate = integer(info, 11, "accumulate", 0, 1) == 1;
  const auto strategy = static_cast<pk::PushStrategy>(integer(info, 12, "strategy", 0, 2));
  const int threads = static_cast<int>(integer(info, 13, "threads", 1, 1024));
  require(info, a.rows == a.cols, "pushing rows needs a square (symmetric) matrix");
  require(info, h.length >= a.rows * d, "h is too short");
  requireRows(info, rows, a.rows);
  requireLayout(info, rows.length, stride, offset, d, g.length, "g is too short for the batch rows");
  require(info, pk::pushRows(a, rows.data, rows.length, g.data, pk::RowsLayout{stride, offset}, d, h.data, accumulate, strategy, threads),
          "a column index is out of range");
  return info.Env().Undefined();
}

// gatherRows(x, d, batchRows, out, stride, offset, alpha, threads)
Napi::Value GatherRows(const Napi::CallbackInfo& info) {
  const auto x = f32(info, 0, "x", false);
  const int64_t d = integer(info, 1, "d", 1, kMaxInt32);
  const auto rows = i32(info, 2, "rows", false);
  const auto out = f32(info, 3, "out", false);
  const int64_t stride = integer(info, 4, "stride", 0, kMaxInt32);
  const int64_t offset = integer(info, 5, "offset", 0, kMaxInt32);
  const float alpha = numberArg(info, 6, "alpha");
  const int threads = static_cast<int>(integer(info, 7, "threads", 1, 1024));
  requireRows(info, rows, x.length / d);
  requireLayout(info, rows.length, stride, offset, d, out.length, "out is too short for the batch rows");
  pk::gatherRowsAccumulate(x.data, d, rows.data, rows.length, out.data, pk::RowsLayout{stride, offset}, alpha, threads);
  return info.Env().Undefined();
}

// scatterRows(g, stride, offset, d, batchRows, h, alpha, threads)
Napi::Value ScatterRows(const Napi::CallbackInfo& info) {
  const auto g = f32(info, 0, "g", false);
  const int64_t stride = integer(info, 1, "stride", 0, kMaxInt32);
  const int64_t offset = integer(info, 2, "offset", 0, kMaxInt32);
  const int64_t d = integer(info, 3, "d", 1, kMaxInt32);
  const auto rows = i32(info, 4, "rows", false);
  const auto h = f32(info, 5, "h", false);
  const float alpha = numberArg(info, 6, "alpha");
  const int threads = static_cast<int>(integer(info, 7, "threads", 1, 1024));
  requireRows(info, rows, h.length / d);
  requireLayout(info, rows.length, stride, offset, d, g.length, "g is too short for the batch rows");
  pk::scatterRowsAccumulate(g.data, pk::RowsLayout{stride, offset}, d, rows.data, rows.length, h.length / d, h.data, alpha, threads);
  return info.Env().Undefined();
}

// Checks a user -> item CSR used for sampling: each drawn row must leave a negative.
pk::CsrView userItemsArg(const Napi::CallbackInfo& info, size_t i) {
  const pk::CsrView ui = csrArg(info, i, true);
  require(info, ui.cols > 0, "there are no items to sample from");
  for (int64_t r = 0; r < ui.rows; ++r)
    require(info, ui.indptr[r + 1] - ui.indptr[r] < ui.cols, "a user has every item as a positive");
  return ui;
}

uint64_t seedArg(const Napi::CallbackInfo& info, size_t i) {
  return static_cast<uint64_t>(integer(info, i, "seed", 0, 9007199254740991LL));
}

// sampleBpr(indptr, indices, values, rows, cols, seed, mode, count, negatives, users, pos, neg, threads)
Napi::Value SampleBpr(const Napi::CallbackInfo& info) {
  const pk::CsrView ui = userItemsArg(info, 0);
  const uint64_t seed = seedArg(info, 5);
  const auto mode = static_cast<pk::BprMode>(integer(info, 6, "mode", 0, 1));
  const int64_t count = integer(info, 7, "count", 0, kMaxInt32);
  const int negatives = static_cast<int>(integer(info, 8, "negatives", 0, 1 << 20));
  const auto users = i32(info, 9, "users", false);
  const auto pos = i32(info, 10, "pos", false);
  const auto neg = i32(info, 11, "neg", false);
  const int threads = static_cast<int>(integer(info, 12, "threads", 1, 1024));
  require(info, users.length >= count && pos.length >= count && neg.length >= count * negatives, "an output is too short");
  require(info, count == 0 || ui.indptr[ui.rows] > 0, "there are no interactions to sample from");
  pk::sampleBpr(ui, seed, mode, count, negatives, users.data, pos.data, neg.data, threads);
  return info.Env().Undefined();
}

// sampleNegatives(indptr, indices, values, rows, cols, users, k, seed, out, threads)
Napi::Value SampleNegatives(const Napi::CallbackInfo& info) {
  const pk::CsrView ui = userItemsArg(info, 0);
  const auto users = i32(info, 5, "users", false);
  const int k = static_cast<int>(integer(info, 6, "k", 0, 1 << 20));
  const uint64_t seed = seedArg(info, 7);
  const auto outI = i32(info, 8, "out", false);
  const int threads = static_cast<int>(integer(info, 9, "threads", 1, 1024));
  for (int64_t t = 0; t < users.length; ++t) require(info, users.data[t] >= 0 && users.data[t] < ui.rows, "a user is out of range");
  require(info, outI.length >= users.length * k, "out is too short");
  pk::sampleNegatives(ui, users.data, users.length, k, seed, outI.data, threads);
  return info.Env().Undefined();
}

// topK(userEmb, itemEmb, d, users, seen..(5 args), seen2..(5 args), k, outItems, outScores, threads)
// A mask is passed as (indptr, indices, null, rows, cols) or five nulls.
Napi::Value TopK(const Napi::CallbackInfo& info) {
  const auto ue = f32(info, 0, "userEmb", false);
  const auto ie = f32(info, 1, "itemEmb", false);
  const int64_t d = integer(info, 2, "d", 1, kMaxInt32);
  const auto users = i32(info, 3, "users", false);
  pk::CsrView seen{}, seen2{};
  const bool hasSeen = !info[4].IsNull(), hasSeen2 = !info[9].IsNull();
  if (hasSeen) seen = csrArg(info, 4, false);
  if (hasSeen2) seen2 = csrArg(info, 9, false);
  const int k = static_cast<int>(integer(info, 14, "k", 0, kMaxInt32));
  const auto outItems = i32(info, 15, "outItems", false);
  const auto outScores = f32(info, 16, "outScores", false);
  const int threads = static_cast<int>(integer(info, 17, "threads", 1, 1024));
  const int64_t nUsers = ue.length / d, nItems = ie.length / d;
  for (int64_t t = 0; t < users.length; ++t) require(info, users.data[t] >= 0 && users.data[t] < nUsers, "a user is out of range");
  require(info, outItems.length >= users.length * k && outScores.length >= users.length * k, "an output is too short");
  pk::TopKArgs args{ue.data, ie.data, nItems, d, users.data, users.length, hasSeen ? &seen : nullptr,
                    hasSeen2 ? &seen2 : nullptr, k, outItems.data, outScores.data};
  pk::topK(args, threads);
  return info.Env().Undefined();
}

// A batch's rows for a ranking loss: value (row stride `stride`, vectors in columns [0, d)), b users,
// k negatives (shared, or per user), from arguments 0..4.
struct LossRows {
  ArrayArg<float> value;
  int64_t stride, b, k, d;
};

LossRows lossRowsArg(const Napi::CallbackInfo& info) {
  LossRows r{f32(info, 0, "value", false), integer(info, 1, "stride", 1, kMaxInt32), integer(info, 2, "b", 0, kMaxInt32),
             integer(info, 3, "k", 1, kMaxInt32), integer(info, 4, "d", 1, kMaxInt32)};
  require(info, r.d <= r.stride, "d is wider than the row stride");
  return r;
}

// Both value and grad hold `rows` rows of the layout.
void requireLossRows(const Napi::CallbackInfo& info, const LossRows& r, const ArrayArg<float>& grad, int64_t rows) {
  const int64_t need = rows == 0 ? 0 : (rows - 1) * r.stride + r.d;
  require(info, r.value.length >= need && grad.length >= need, "value or grad is too short for the batch rows");
}

// sampledSoftmax(value, stride, b, k, d, invT, logQ, grad, scratch, threads) -> loss
Napi::Value SampledSoftmax(const Napi::CallbackInfo& info) {
  const LossRows r = lossRowsArg(info);
  const float invT = numberArg(info, 5, "invT");
  const float logQ = numberArg(info, 6, "logQ");
  const auto grad = f32(info, 7, "grad", false);
  const auto scratch = f32(info, 8, "scratch", false);
  const int threads = static_cast<int>(integer(info, 9, "threads", 1, 1024));
  requireLossRows(info, r, grad, 2 * r.b + r.k);
  require(info, scratch.length >= r.b * r.k, "scratch is shorter than b x k");
  const double loss = pk::sampledSoftmax(r.value.data, r.stride, r.b, r.k, r.d, invT, logQ, grad.data, scratch.data, threads);
  return Napi::Number::New(info.Env(), loss);
}

// bpr(value, stride, b, k, d, grad, threads) -> loss; k negatives per user
Napi::Value Bpr(const Napi::CallbackInfo& info) {
  const LossRows r = lossRowsArg(info);
  const auto grad = f32(info, 5, "grad", false);
  const int threads = static_cast<int>(integer(info, 6, "threads", 1, 1024));
  requireLossRows(info, r, grad, 2 * r.b + r.b * r.k);
  return Napi::Number::New(info.Env(), pk::bpr(r.value.data, r.stride, r.b, r.k, r.d, grad.data, threads));
}

// Offset of the last element a strided view reaches, +1 (the length it needs).
int64_t viewExtent(int64_t batch, int64_t rows, int64_t cols, int64_t rowStride, int64_t colStride, int64_t batchStride) {
  if (batch == 0 || rows == 0 || cols == 0) return 0;
  return (batch - 1) * batchStride + (rows - 1) * rowStride + (cols - 1) * colStride + 1;
}

// batchedGemm(a, aRowStride, aColStride, aBatchStride, b, bRowStride, bColStride, bBatchStride, c, batch, m, n, k, threads)
Napi::Value BatchedGemm(const Napi::CallbackInfo& info) {
  const auto a = f32(info, 0, "a", false);
  const int64_t ars = integer(info, 1, "aRowStride", 0, kMaxInt32), acs = integer(info, 2, "aColStride", 0, kMaxInt32);
  const int64_t abs = integer(info, 3, "aBatchStride", 0, kMaxInt32);
  const auto b = f32(info, 4, "b", false);
  const int64_t brs = integer(info, 5, "bRowStride", 0, kMaxInt32), bcs = integer(info, 6, "bColStride", 0, kMaxInt32);
  const int64_t bbs = integer(info, 7, "bBatchStride", 0, kMaxInt32);
  const auto c = f32(info, 8, "c", false);
  const int64_t batch = integer(info, 9, "batch", 0, kMaxInt32), m = integer(info, 10, "m", 0, kMaxInt32);
  const int64_t n = integer(info, 11, "n", 0, kMaxInt32), k = integer(info, 12, "k", 0, kMaxInt32);
  const int threads = static_cast<int>(integer(info, 13, "threads", 1, 1024));
  require(info, a.length >= viewExtent(batch, m, k, ars, acs, abs), "a is shorter than its view");
  require(info, b.length >= viewExtent(batch, k, n, brs, bcs, bbs), "b is shorter than its view");
  require(info, c.length >= batch * m * n, "c is shorter than batch x m x n");
  if (batch > 0 && m > 0 && n > 0) {
    if (k == 0) {
      std::fill(c.data, c.data + batch * m * n, 0.0f);
    } else {
      pk::batchedGemm(batch, m, n, k, pk::MatView{a.data, ars, acs}, abs, pk::MatView{b.data, brs, bcs}, bbs, c.data,
                      threads);
    }
  }
  return info.Env().Undefined();
}

// adam(param, grad, m, v, lr, beta1, beta2, epsilon, correction1, correction2, threads)
Napi::Value Adam(const Napi::CallbackInfo& info) {
  const auto param = f32(info, 0, "param", false);
  const auto grad = f32(info, 1, "grad", false);
  const auto m = f32(info, 2, "m", false);
  const auto v = f32(info, 3, "v", false);
  require(info, grad.length == param.length && m.length == param.length && v.length == param.length,
          "param, grad, m and v must have the same length");
  pk::AdamStep s{numberArg(info, 4, "lr"), numberArg(info, 5, "beta1"), numberArg(info, 6, "beta2"),
                 numberArg(info, 7, "epsilon"), numberArg(info, 8, "correction1"), numberArg(info, 9, "correction2")};
  const int threads = static_cast<int>(integer(info, 10, "threads", 1, 1024));
  pk::adamStep(param.data, grad.data, m.data, v.data, param.length, s, threads);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("spmm", Napi::Function::New(env, Spmm));
  exports.Set("propagate", Napi::Function::New(env, Propagate));
  exports.Set("sampleBpr", Napi::Function::New(env, SampleBpr));
  exports.Set("sampleNegatives", Napi::Function::New(env, SampleNegatives));
  exports.Set("topK", Napi::Function::New(env, TopK));
  exports.Set("spmmRowsAccumulate", Napi::Function::New(env, SpmmRowsAccumulate));
  exports.Set("pushRows", Napi::Function::New(env, PushRows));
  exports.Set("gatherRows", Napi::Function::New(env, GatherRows));
  exports.Set("scatterRows", Napi::Function::New(env, ScatterRows));
  exports.Set("adam", Napi::Function::New(env, Adam));
  exports.Set("batchedGemm", Napi::Function::New(env, BatchedGemm));
  exports.Set("sampledSoftmax", Napi::Function::New(env, SampledSoftmax));
  exports.Set("bpr", Napi::Function::New(env, Bpr));
  std::string simd =
#if defined(__AVX512F__)
      "avx512";
#elif defined(__AVX2__)
      "avx2";
#elif defined(__ARM_NEON)
      "neon";
#else
      "generic";
#endif
  exports.Set("simd", Napi::String::New(env, simd));
  exports.Set("abi", Napi::Number::New(env, 3));
  return exports;
}

}  // namespace

NODE_API_MODULE(pipeline_kernels, Init)
