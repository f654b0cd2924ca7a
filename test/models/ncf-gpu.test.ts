import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../models/common/engine.js';
import { onBackend, tfjsDevice } from '../../models/common/tfjs-webgpu.js';
import { NcfNetwork } from '../../models/ncf/network.js';
import type { NcfKind, NcfObjective, NcfSpec } from '../../models/ncf/spec.js';
import { NcfTrainer } from '../../models/ncf/step.js';
import { noGpu } from '../graph/gpu-fixture.js';

/**
 * The NCF step on tfjs's WebGPU backend (a copy of the head there, the optimiser on the host) against
 * the same step on the CPU backend, on the software adapter. Odd sizes throughout (7 users, 11
 * items, widths 5 and 3, a batch of 13 with repeated rows).
 */
const spec = (kind: NcfKind, objective: NcfObjective): NcfSpec => ({
  kind,
  numUsers: 7,
  numItems: 11,
  dim: 5,
  layers: [10, 6, 3],
  biases: true,
  objective,
  initStd: 0.3,
  globalMean: objective === 'rating' ? 3.1 : 0,
  seed: 9,
});

const users = Int32Array.of(0, 1, 1, 4, 2, 6, 3, 5, 1, 0, 6, 2, 4);
const items = Int32Array.of(2, 2, 10, 0, 2, 7, 3, 9, 2, 5, 1, 8, 10);
const labels = Float32Array.of(1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1);
const ratings = Float32Array.of(4, 2.5, 5, 1, 3, 3.5, 4.5, 2, 4, 1.5, 3, 5, 2.5);

/** The trained parameters after `steps` Adam steps, and each step's loss. */
async function train(kind: NcfKind, objective: NcfObjective, steps: number, backend: string | null) {
  const net = NcfNetwork.build(spec(kind, objective));
  const trainer = new NcfTrainer(net, { objective, optimizer: 'adam', lr: 0.05, l2: 0.01 });
  const targets = objective === 'rating' ? ratings : labels;
  const losses: number[] = [];
  const run = async () => {
    for (let k = 0; k < steps; k++) losses.push(await trainer.trainBatch(users, items, targets));
  };
  if (backend === null) await run();
  else {
    const copy = await onBackend(backend, async () => {
      const held = tf.findBackend(backend)!.numDataIds();
      const head = net.headCopy();
      trainer.runOn(head);
      await run();
      // The head's copy lives on the GPU backend (one buffer per weight at least).
      expect(tf.findBackend(backend)!.numDataIds() - held).toBeGreaterThanOrEqual(head.variables.length);
      return head;
    });
    copy.dispose();
  }
  trainer.syncToNetwork();
  const weights = new Map(net.model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));
  net.dispose();
  return { losses, weights };
}

let gpuBackend: string | null = null;
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  if (!noGpu) gpuBackend = (await tfjsDevice('gpu')).gpuBackend;
});

describe.skipIf(noGpu)('NCF training step on tfjs WebGPU (software adapter)', () => {
  for (const [kind, objective] of [
    ['mf', 'rating'],
    ['gmf', 'implicit'],
    ['mlp', 'implicit'],
    ['neumf', 'implicit'],
    ['neumf', 'rating'],
  ] as const) {
    it(`${kind} (${objective}): 6 Adam steps give the CPU backend's losses and parameters`, async () => {
      const cpu = await train(kind, objective, 6, null);
      const gpu = await train(kind, objective, 6, gpuBackend!);
      expect(tf.getBackend()).toBe('wasm'); // the switch is undone
      gpu.losses.forEach((loss, k) => expect(loss, `step ${k + 1}`).toBeCloseTo(cpu.losses[k], 4));
      for (const [name, values] of cpu.weights) {
        const theirs = gpu.weights.get(name)!;
        const diff = values.reduce((m, x, k) => Math.max(m, Math.abs(x - theirs[k])), 0);
        expect(diff, name).toBeLessThan(1e-4);
      }
      // The parameters moved: a check that compares two untouched networks would pass vacuously.
      expect(cpu.losses[5]).not.toBeCloseTo(cpu.losses[0], 3);
    });
  }

  it('names the adapter in the device line, and --device cpu stays on the CPU backend', async () => {
    const gpu = await tfjsDevice('gpu');
    expect(gpu.gpuBackend).toBe('webgpu');
    expect(gpu.line).toMatch(/^device: gpu: .+ adapter.*; tfjs backend webgpu/);
    expect(await tfjsDevice('cpu')).toEqual({ gpuBackend: null, line: 'device: cpu (requested with --device cpu)' });
  });
});
