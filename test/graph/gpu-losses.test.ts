import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { adamStepReference } from '../../graph/kernels/adam.js';
import { bprRows, sampledSoftmaxRows } from '../../graph/kernels/losses.js';
import { adamStepsGpu, bprRowsGpu, sampledSoftmaxRowsGpu } from '../../graph/gpu/losses-host.js';
import { maxRelError, randomDense } from './kernels-fixtures.js';
import { gpu, noGpu } from './gpu-fixture.js';

// Tolerances: losses and gradients 1e-4 relative (float32 reductions in another order than the
// C++ kernels, exp/log of the GPU's math library); Adam 1e-5 (the same float32 formula).
const LOSS_TOL = 1e-4;

/** The regulariser as LightGcnModel.nativeLoss adds it: grad's ego columns get c·x, the loss ½c Σx². */
function addL2(
  value: Float32Array,
  grad: Float32Array,
  width: number,
  d: number,
  egoAt: number,
  l2: number,
  b: number,
): number {
  const c = l2 / b;
  let squares = 0;
  for (let r = 0; r < value.length; r += width) {
    for (let j = r + egoAt; j < r + egoAt + d; j++) {
      squares += value[j] * value[j];
      grad[j] = egoAt === 0 ? grad[j] + c * value[j] : c * value[j];
    }
  }
  return 0.5 * c * squares;
}

describe.skipIf(noGpu)('GPU losses and Adam (software adapter)', () => {
  const rng = new Rng(21);

  for (const [b, k, d, egoHalf] of [
    [13, 1, 19, true],
    [7, 3, 64, false],
    [1, 2, 130, true],
    [0, 1, 5, true],
  ] as const) {
    it(`BPR equals the native kernel with the regulariser (b ${b}, k ${k}, d ${d}, ${egoHalf ? 'ego half' : 'final rows only'})`, async () => {
      const width = egoHalf ? 2 * d : d;
      const egoAt = egoHalf ? d : 0;
      const value = randomDense(rng, (2 * b + b * k) * width);
      const want = new Float32Array(value.length);
      const rank = bprRows(value, width, b, k, d, want);
      expect(rank).not.toBeNull();
      const wantLoss = (rank as number) + (b === 0 ? 0 : addL2(value, want, width, d, egoAt, 1e-2, b));
      const got = new Float32Array(value.length).fill(Number.NaN);
      const loss = await bprRowsGpu(gpu, value, width, b, k, d, got, { l2: 1e-2, egoAt });
      expect(Math.abs(loss - wantLoss)).toBeLessThan(LOSS_TOL * (1 + Math.abs(wantLoss)));
      if (b > 0) expect(maxRelError(got, want)).toBeLessThan(LOSS_TOL);
    });
  }

  for (const [b, k, d, logQ] of [
    [13, 37, 19, 0],
    [70, 130, 33, 1.5],
    [3, 1, 8, -0.5],
  ] as const) {
    it(`sampled softmax equals the native kernel (b ${b}, k ${k}, d ${d}, logQ ${logQ})`, async () => {
      const width = 2 * d;
      const value = randomDense(rng, (2 * b + k) * width);
      const want = new Float32Array(value.length);
      const rank = sampledSoftmaxRows(value, width, b, k, d, 0.4, logQ, want, new Float32Array(b * k));
      expect(rank).not.toBeNull();
      const wantLoss = (rank as number) + addL2(value, want, width, d, d, 1e-3, b);
      const got = new Float32Array(value.length);
      const loss = await sampledSoftmaxRowsGpu(gpu, value, width, b, k, d, 0.4, logQ, got, { l2: 1e-3, egoAt: d });
      expect(Math.abs(loss - wantLoss)).toBeLessThan(LOSS_TOL * (1 + Math.abs(wantLoss)));
      expect(maxRelError(got, want)).toBeLessThan(LOSS_TOL);
    });
  }

  it('Adam equals the reference step over three steps (tfjs epsilon 1e-7), odd length', async () => {
    const n = 1031;
    const param = randomDense(rng, n);
    const grad = randomDense(rng, n, 0.01);
    const settings = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    const [p, m, v] = [param.slice(), new Float32Array(n), new Float32Array(n)];
    for (let t = 1; t <= 3; t++)
      adamStepReference(p, grad, m, v, settings, 1 - Math.pow(0.9, t), 1 - Math.pow(0.999, t));
    const [gp, gm, gv] = await adamStepsGpu(gpu, param, grad, { lr: 0.01 }, 3);
    expect(maxRelError(gp, p)).toBeLessThan(1e-5);
    expect(maxRelError(gm, m)).toBeLessThan(1e-5);
    expect(maxRelError(gv, v)).toBeLessThan(1e-5);
    expect(maxRelError(gp, param)).toBeGreaterThan(1e-3);
  });
});
