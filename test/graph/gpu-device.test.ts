import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, openGpu } from '../../graph/gpu/device.js';

describe('GPU adapter discovery', () => {
  it('classifies software rasterisers as software and real GPUs as hardware', () => {
    expect(isSoftwareAdapter({ vendor: 'mesa', device: 'llvmpipe-llvm-15', description: 'llvmpipe: Mesa 25.0.7' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'SwiftShader Device (Subzero)' })).toBe(true);
    expect(isSoftwareAdapter({ description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: '', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3' })).toBe(false);
    expect(isSoftwareAdapter({ vendor: 'amd', description: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' })).toBe(false);
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
});
