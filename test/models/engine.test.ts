import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  assertKernelSupported,
  describeEngine,
  initEngine,
  kernelErrorFrom,
  timeMatMul,
  withKernelCheck,
} from '../../models/common/engine.js';
import { PipelineError, UsageError } from '../../core/errors.js';

async function expectUsageError(p: Promise<unknown>, ...fragments: string[]): Promise<UsageError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  const text = (err as UsageError).format();
  for (const f of fragments) expect(text).toContain(f);
  return err as UsageError;
}

describe('initEngine', () => {
  it('auto falls to wasm when tfjs-node is not installed, and says why', async () => {
    const info = await initEngine({ backend: 'auto' });
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.threads).toBe(1);
    expect(typeof info.simd).toBe('boolean');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.tfjsVersion).toBe(tf.version['tfjs-core']);
    expect(info.reason).toContain('@tensorflow/tfjs-node is not installed');
    expect(info.reason).toContain('using wasm');
  });

  it('defaults to auto', async () => {
    expect((await initEngine()).backend).toBe('wasm');
  });

  it('switches to cpu and back', async () => {
    const cpu = await initEngine({ backend: 'cpu' });
    expect(cpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(cpu.reason).toContain('requested with --backend cpu');
    const wasm = await initEngine({ backend: 'wasm', threads: 2 });
    expect(wasm.backend).toBe('wasm');
    expect(wasm.reason).toContain('--threads 2 applies to the native graph kernels');
  });

  it('rejects an unavailable backend by name, with how to install it', async () => {
    await expectUsageError(initEngine({ backend: 'tensorflow' }), '"tensorflow"', 'npm install @tensorflow/tfjs-node');
    await expectUsageError(initEngine({ backend: 'webgpu' }), 'OffscreenCanvas', '--device gpu');
    expect(tf.getBackend()).toBe('wasm'); // a failed request leaves the engine as it was
  });

  it('rejects unknown backends and bad thread counts', async () => {
    await expectUsageError(initEngine({ backend: 'wsam' }), 'unknown backend "wsam"', '"wasm"');
    await expectUsageError(initEngine({ threads: 0 }), '--threads');
    await expectUsageError(initEngine({ threads: 1.5 }), '--threads');
  });

  it('describes the engine in one line', () => {
    const line = describeEngine({
      backend: 'wasm',
      threads: 1,
      simd: true,
      version: '4.22.0',
      tfjsVersion: '4.22.0',
      reason: 'auto: x',
    });
    expect(line).toBe('engine: tfjs 4.22.0, backend wasm 4.22.0 (1 thread, SIMD); auto: x');
    expect(line.includes('\n')).toBe(false);
    const many = describeEngine({
      backend: 'tensorflow',
      threads: 8,
      version: 'tfjs-node 4.22.0',
      tfjsVersion: '4.22.0',
      reason: 'r',
    });
    expect(many).toContain('(8 threads)');
  });
});

describe('missing kernels', () => {
  it('names the op and the backend', async () => {
    await initEngine({ backend: 'wasm' });
    expect(() => assertKernelSupported('BatchMatMul')).not.toThrow();
    let err: unknown;
    try {
      assertKernelSupported('Einsum'); // wasm has no Einsum kernel in tfjs 4.22
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('kernel');
    expect((err as PipelineError).message).toContain("'Einsum'");
    expect((err as PipelineError).message).toContain('wasm');
    expect((err as PipelineError).hint).toContain('--backend cpu');
  });

  it('turns tfjs kernel failures into PipelineErrors, sync and async', async () => {
    await initEngine({ backend: 'wasm' });
    const a = tf.ones([2, 2]);
    expect(() => withKernelCheck(() => tf.einsum('ij,jk->ik', a, a))).toThrow(
      /wasm backend has no kernel for the op 'Einsum'/,
    );
    await expect(withKernelCheck(async () => tf.einsum('ij,jk->ik', a, a))).rejects.toThrow(PipelineError);
    // Other errors pass through untouched.
    const plain = new Error('boom');
    expect(() =>
      withKernelCheck(() => {
        throw plain;
      }),
    ).toThrow(plain);
    expect(kernelErrorFrom(plain)).toBeNull();
    expect(withKernelCheck(() => 42)).toBe(42);
    a.dispose();
  });
});

describe('UnsortedSegmentSum fallback (gradient of gather)', () => {
  for (const backend of ['wasm', 'cpu'] as const) {
    it(`scatter-adds in linear time on ${backend}`, async () => {
      await initEngine({ backend });
      // x rows [1,2],[3,4],[5,6],[7,8] into segments [2,0,2,9(out of range)]:
      // seg0 = [3,4]; seg1 = [0,0]; seg2 = [1+5, 2+6] = [6,8]; the id 9 >= numSegments is dropped.
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
      const ids = tf.tensor1d([2, 0, 2, 9], 'int32');
      const out = tf.unsortedSegmentSum(x, ids, 3);
      expect(out.shape).toEqual([3, 2]);
      expect(Array.from(out.dataSync())).toEqual([3, 4, 0, 0, 6, 8]);
      const xi = tf.tensor1d([10, 20, 30], 'int32');
      const outInt = tf.unsortedSegmentSum(xi, tf.tensor1d([1, 1, 0], 'int32'), 2);
      expect(outInt.dtype).toBe('int32');
      expect(Array.from(outInt.dataSync())).toEqual([30, 30]);
      tf.dispose([x, ids, out, xi, outInt]);
    });

    it(`lets tf.gather and embedding layers train on ${backend} without leaking tensors`, async () => {
      await initEngine({ backend });
      const before = tf.memory().numTensors;
      const grad = tf.tidy(() => {
        const g = tf.grad((t: tf.Tensor) =>
          tf
            .gather(t, tf.tensor1d([1, 2, 1], 'int32'))
            .mul(
              tf.tensor2d([
                [1, 2],
                [3, 4],
                [5, 6],
              ]),
            )
            .sum(),
        );
        return g(tf.ones([4, 2]));
      });
      // d/dt of sum(w * t[idx]): row 1 gets w0 + w2 = [6, 8], row 2 gets w1 = [3, 4].
      expect(Array.from(grad.dataSync())).toEqual([0, 0, 6, 8, 3, 4, 0, 0]);
      grad.dispose();
      const model = tf.sequential({
        layers: [
          tf.layers.embedding({ inputDim: 5, outputDim: 3, inputLength: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 1 }),
        ],
      });
      model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      const xs = tf.tensor2d(
        [
          [0, 1],
          [2, 3],
          [4, 0],
        ],
        [3, 2],
        'int32',
      );
      const ys = tf.tensor2d([[1], [0], [1]]);
      const history = await model.fit(xs, ys, { epochs: 2, verbose: 0 });
      expect(history.history.loss.length).toBe(2);
      tf.dispose([xs, ys]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('timeMatMul', () => {
  it('reports a positive time and rate without leaking', async () => {
    await initEngine({ backend: 'wasm' });
    const before = tf.memory().numTensors;
    const r = await timeMatMul(64, 32, 16, 3);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.gflops).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
