/**
 * The npm package as users get it: `npm pack`, install the tarball into a new project (--prefer-offline:
 * tarballs from the npm cache that `npm ci` filled, metadata from the registry), and run `pipeline demo` there; then rebuild it with no
 * working C++ compiler and check the TypeScript fallback still runs the demo. Slow (two installs'
 * worth of native builds and two demos), so opt-in: PIPELINE_PACK_TEST=1 (a separate step of .ci/run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PACKAGE_NAME, packageRoot } from '../../core/package-root.js';

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
};

describe.skipIf(!process.env.PIPELINE_PACK_TEST)('npm package', () => {
  it('packs what runs, installs it (from the npm cache where it can) into a new project, and runs pipeline demo (native, then the TypeScript fallback)', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'pack-'));
    onTestFinished(() => fs.rm(tmp, { recursive: true, force: true })); // ~370 MB of node_modules
    // dist/ is already built (npm ci ran prepare); --ignore-scripts skips rebuilding it.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], {
        cwd: packageRoot,
        encoding: 'utf8',
      }),
    )[0];
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const must of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/pipeline/cli.js',
      'dist/data/datasets/registry.d.ts',
      'graph/native/spmm.cc',
      'binding.gyp',
      'scripts/build-native.mjs',
      'README.md',
    ]) {
      expect(files).toContain(must);
    }
    expect(
      files.filter(
        (f) =>
          f.startsWith('test/') ||
          f.startsWith('bench/') ||
          f.startsWith('dist/bench/') ||
          f.endsWith('.map') ||
          (f.endsWith('.ts') && !f.endsWith('.d.ts')),
      ),
    ).toEqual([]);

    const app = path.join(tmp, 'app');
    await fs.mkdir(app);
    await fs.writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }),
    );
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', path.join(tmp, packed.filename)],
      app,
    );
    const installed = path.join(app, 'node_modules', PACKAGE_NAME);
    expect(existsSync(path.join(installed, 'build', 'Release', 'pipeline_kernels.node'))).toBe(true);

    // The types resolve for a consumer.
    await fs.writeFile(
      path.join(app, 'use.ts'),
      `import { DATASETS, fetchDataset, type DatasetSpec } from '${PACKAGE_NAME}';\nconst d: DatasetSpec = DATASETS[0];\nexport const f: typeof fetchDataset = fetchDataset;\nexport const name: string = d.name;\n`,
    );
    const tsc = path.join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--skipLibCheck',
        '--typeRoots',
        path.join(packageRoot, 'node_modules', '@types'),
        '--types',
        'node',
        'use.ts',
      ],
      app,
    );

    const demo = (dir: string, env: NodeJS.ProcessEnv = {}) =>
      run(
        path.join(app, 'node_modules', '.bin', 'pipeline'),
        ['demo', '--users', '300', '--items', '120', '--dir', path.join(tmp, dir), '--quiet'],
        app,
        env,
      );
    const native = demo('demo-native');
    expect(native.stdout).toContain('demo finished');
    expect(native.stderr).not.toContain('native kernels unavailable');

    // No compiler: the install script warns and succeeds; the CLI falls back to the TypeScript kernels.
    // (the install script itself: `npm rebuild` would hide its output)
    const rebuild = run(process.execPath, [path.join(installed, 'scripts', 'build-native.mjs')], installed, {
      CXX: 'false',
      CC: 'false',
    });
    expect(`${rebuild.stdout}${rebuild.stderr}`).toContain('native kernels not built');
    expect(existsSync(path.join(installed, 'build', 'Release', 'pipeline_kernels.node'))).toBe(false);
    const fallback = demo('demo-fallback');
    expect(fallback.stdout).toContain('demo finished');
    expect(fallback.stderr).toContain('native kernels unavailable');
  }, 600_000);
});
