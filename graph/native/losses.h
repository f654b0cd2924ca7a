// Ranking losses on a batch's rows, value and gradient (see losses.cc): the sampled softmax with
// negatives shared by the batch, and BPR.
#pragma once
#include <cstdint>

namespace pk {

// The rows of `value` (row stride `stride`, the vectors in columns [0, d)) are b users, then their b
// positives, then k negatives shared by all. Per user r: logits z0 = u·p / T and
// zj = u·n_j / T − logQ; loss = mean_r(logsumexp(z) − z0). Writes the loss's gradient with respect
// to those vectors into the same rows and columns of `grad` (other columns untouched) and returns
// the loss. `scratch` holds b x k floats.
double sampledSoftmax(const float* value, int64_t stride, int64_t b, int64_t k, int64_t d, float invT, float logQ,
                      float* grad, float* scratch, int threads);

// BPR over the same layout with b * k negatives, k per user (user r's are rows r * k .. r * k + k − 1
// of the negative block): loss = mean over the b * k pairs of softplus(u·n − u·p). Writes the
// gradient like sampledSoftmax and returns the loss.
double bpr(const float* value, int64_t stride, int64_t b, int64_t k, int64_t d, float* grad, int threads);

}  // namespace pk
