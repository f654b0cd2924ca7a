import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { isSoftwareAdapter, linuxWithoutGpuNode, openGpu, resolveDevice } from '../../graph/gpu/device.js';
import { readFloats, storageBuffer } from '../../graph/gpu/compute.js';

describe('GPU adapter discovery', () => {
  it('classifies software rasterisers as software and real GPUs as hardware', () => {
    expect(
      isSoftwareAdapter({ vendor: 'mesa', device: 'llvmpipe-llvm-15', description: 'llvmpipe: Mesa 25.0.7' }),
    ).toBe(true);
    expect(isSoftwareAdapter({ description: 'SwiftShader Device (Subzero)' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(
      isSoftwareAdapter({
        vendor: 'nvidia',
        architecture: '',
        description: 'NVIDIA H100 80GB HBM3',
        isFallbackAdapter: true,
      }),
    ).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' })).toBe(
      false,
    );
    expect(isSoftwareAdapter({ vendor: 'amd', description: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' })).toBe(false);
  });

  it('on Linux, knows there is no hardware GPU without loading Dawn when /dev has no GPU node', () => {
    const dev = (...nodes: string[]) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-'));
      for (const n of ['null', 'tty0', ...nodes]) {
        mkdirSync(path.dirname(path.join(dir, n)), { recursive: true });
        writeFileSync(path.join(dir, n), '');
      }
      return dir;
    };
    expect(linuxWithoutGpuNode(dev(), 'linux')).toBe(true);
    expect(linuxWithoutGpuNode(dev('dri/card0'), 'linux')).toBe(true); // a display, no render node
    for (const node of ['dri/renderD128', 'nvidia0', 'nvidiactl', 'dxg', 'mali0', 'kgsl-3d0'])
      expect(linuxWithoutGpuNode(dev(node), 'linux'), node).toBe(false);
    expect(linuxWithoutGpuNode(dev(), 'darwin')).toBe(false); // Metal: ask Dawn
    expect(linuxWithoutGpuNode('/no/such/dev', 'linux')).toBe(false); // cannot tell: ask Dawn
  });

  it('auto never opens a software adapter, and says why when it finds nothing', async () => {
    const auto = await openGpu('auto');
    if (auto.ok) {
      expect(auto.gpu.adapter.software).toBe(false);
      auto.gpu.destroy();
    } else {
      expect(auto.reason).toMatch(/GPU|adapter|webgpu/);
    }
    const software = await openGpu('software');
    if (software.ok) expect(software.gpu.adapter.software).toBe(true);
    else expect(software.reason.length).toBeGreaterThan(10);
  });

  it('resolves --device: cpu never opens a GPU, auto falls back to the CPU with the reason, gpu takes any adapter or fails with a usage error', async () => {
    expect(await resolveDevice('cpu')).toEqual({ gpu: null, line: 'device: cpu (requested with --device cpu)' });
    const auto = await resolveDevice('auto');
    if (auto.gpu) expect(auto.gpu.adapter.software).toBe(false);
    else expect(auto.line).toMatch(/^device: cpu \(--device auto: .+\)$/);
    const any = await openGpu('any');
    if (any.ok) {
      const gpu = await resolveDevice('gpu');
      expect(gpu.gpu?.adapter.name).toBe(any.gpu.adapter.name);
      expect(gpu.line).toContain(any.gpu.adapter.name);
      if (any.gpu.adapter.software) expect(gpu.line).toContain('slower than the CPU');
    } else {
      await expect(resolveDevice('gpu')).rejects.toThrow(UsageError);
    }
    await expect(resolveDevice('tpu')).rejects.toThrow(/unknown device "tpu"/);
  });

  it('surfaces the errors WebGPU reports asynchronously at the next read-back, once', async () => {
    const opened = await openGpu('software');
    if (!opened.ok) return void console.log(`GPU error test skipped: ${opened.reason}`);
    const gpu = opened.gpu;
    const buffer = storageBuffer(gpu, 16);
    gpu.device.createBuffer({ size: 16, usage: 1 | 128 }); // MAP_READ with STORAGE: a validation error
    await expect(readFloats(gpu, buffer, 4)).rejects.toThrow(/GPU error on .*: Buffer usages/);
    expect(Array.from(await readFloats(gpu, buffer, 4))).toEqual([0, 0, 0, 0]);
    gpu.destroy();
  });
});
