/**
 * The bundle that takes `npm run bench:gpu` to a lent GPU machine without Node or network
 * (scripts/gpu-device-bundle.mjs, scripts/gpu-device-run.sh): it must fit the device tool's 64 MiB
 * with the working tree, and run from a folder outside this checkout, so that nothing resolves to
 * our node_modules or build/. Run here with --load-only: every module, binary and backend the bench
 * needs loads from the bundle alone (the native kernels included). Slow (compresses a Node binary),
 * so opt-in: PIPELINE_DEVICE_BUNDLE_TEST=1 (a step of .ci/run). The commands run asynchronously: a
 * minute-long synchronous call starves vitest's worker of its RPC.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, promises as fs, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { packageRoot } from '../../core/package-root.js';

const gowalla = path.resolve(packageRoot, '../shared/data/gowalla');
const run = promisify(execFile); // rejects, with the output, when the command fails

describe.skipIf(!process.env.PIPELINE_DEVICE_BUNDLE_TEST || !existsSync(path.join(gowalla, 'train.txt')))(
  'GPU device bundle',
  () => {
    it('fits the device tool with the working tree and loads everything the bench needs from itself', async () => {
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'device-bundle-'));
      onTestFinished(() => fs.rm(tmp, { recursive: true, force: true }));
      const bundle = path.join(tmp, 'bundle');
      await run(process.execPath, ['scripts/gpu-device-bundle.mjs', '--data', gowalla, '--out', bundle], {
        cwd: packageRoot,
      });
      const size = readdirSync(bundle).reduce((n, f) => n + statSync(path.join(bundle, f)).size, 0);
      const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: packageRoot, encoding: 'utf8' })
        .split('\0')
        .filter((f) => f && existsSync(path.join(packageRoot, f)))
        .reduce((n, f) => n + statSync(path.join(packageRoot, f)).size, 0);
      expect(size + tracked).toBeLessThan(64 * 2 ** 20);

      const out = path.join(tmp, 'out');
      mkdirSync(out);
      const r = await run('bash', ['scripts/gpu-device-run.sh', '--load-only'], {
        cwd: packageRoot,
        env: { ...process.env, GPU_BUNDLE: bundle, OUT: out },
        timeout: 300_000,
      });
      expect(r.stdout).toContain('loaded: Dawn, tfjs wasm and webgpu backends, native kernels');
      expect(existsSync(path.join(out, 'gpu.txt'))).toBe(true);
    }, 600_000);
  },
);
