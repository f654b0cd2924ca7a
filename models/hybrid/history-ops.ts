import * as tf from '@tensorflow/tfjs';

/**
 * The two batched products of the attention, against a constant history H [B, n, k]:
 *   rowDots(a, H)  [B, m, n]: a[b,i,:] · H[b,j,:]            (query–key scores)
 *   mixRows(w, H)  [B, m, k]: Σ_j w[b,i,j] H[b,j,:]            (attention-weighted profile)
 * Each is the other's gradient. They run as plain loops: with m = a handful of candidates and
 * n ≤ 50 history items, tfjs-wasm's BatchMatMul spends its time in per-batch overhead (measured
 * 66–80 ms for B = 1024, m = 5, n = 50, k = 64, several times these loops).
 */
export function rowDots(a: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  return adjointPair(a, h, 'dots');
}

export function mixRows(w: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  return adjointPair(w, h, 'mix');
}

function adjointPair(x: tf.Tensor3D, h: tf.Tensor3D, kind: 'dots' | 'mix'): tf.Tensor3D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor3D;
    (args[1] as tf.GradSaveFunc)([h]);
    return {
      value: kind === 'dots' ? dotsForward(input, h) : mixForward(input, h),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        kind === 'dots'
          ? mixForward(dy as tf.Tensor3D, saved[0] as tf.Tensor3D)
          : dotsForward(dy as tf.Tensor3D, saved[0] as tf.Tensor3D),
    };
  });
  return op(x) as tf.Tensor3D;
}

function dotsForward(a: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  const [b, m, k] = a.shape;
  const n = h.shape[1];
  if (h.shape[0] !== b || h.shape[2] !== k)
    throw new Error(`rowDots: shapes [${a.shape}] and [${h.shape}] do not match`);
  const av = a.dataSync() as Float32Array;
  const hv = h.dataSync() as Float32Array;
  const out = new Float32Array(b * m * n);
  for (let s = 0; s < b; s++) {
    const hb = s * n * k;
    for (let i = 0; i < m; i++) {
      const ai = (s * m + i) * k;
      const oi = (s * m + i) * n;
      for (let j = 0; j < n; j++) {
        const hj = hb + j * k;
        let acc = 0;
        for (let t = 0; t < k; t++) acc += av[ai + t] * hv[hj + t];
        out[oi + j] = acc;
      }
    }
  }
  return tf.tensor3d(out, [b, m, n]);
}

function mixForward(w: tf.Tensor3D, h: tf.Tensor3D): tf.Tensor3D {
  const [b, m, n] = w.shape;
  const k = h.shape[2];
  if (h.shape[0] !== b || h.shape[1] !== n)
    throw new Error(`mixRows: shapes [${w.shape}] and [${h.shape}] do not match`);
  const wv = w.dataSync() as Float32Array;
  const hv = h.dataSync() as Float32Array;
  const out = new Float32Array(b * m * k);
  for (let s = 0; s < b; s++) {
    const hb = s * n * k;
    for (let i = 0; i < m; i++) {
      const wi = (s * m + i) * n;
      const oi = (s * m + i) * k;
      for (let j = 0; j < n; j++) {
        const c = wv[wi + j];
        if (c === 0) continue;
        const hj = hb + j * k;
        for (let t = 0; t < k; t++) out[oi + t] += c * hv[hj + t];
      }
    }
  }
  return tf.tensor3d(out, [b, m, k]);
}
