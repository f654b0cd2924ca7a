/**
 * The software WebGPU adapter the GPU kernel suites run on (lavapipe in CI). With no adapter at all
 * the suites skip, and this prints the one line that says why.
 */
import { openGpu, type GpuContext } from '../../graph/gpu/device.js';

const opened = await openGpu('software');
if (!opened.ok) console.log(`GPU kernel tests skipped: ${opened.reason}`);

export const noGpu = !opened.ok;
/** The device; only read inside a `describe.skipIf(noGpu)` block. */
export const gpu = (opened.ok ? opened.gpu : null) as GpuContext;
