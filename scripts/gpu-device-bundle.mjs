#!/usr/bin/env node
// Packs what `npm run bench:gpu` needs into .device/ for a lent GPU machine that has neither Node
// nor a network (DEVELOPERS.md, the device tool: the working tree travels, at most 64 MiB, and
// `carry` names ignored folders such as .device): this Node binary, dist/, the native kernels built
// for x86-64-v3 and v4 (not -march=native), the installed files the bench loads (traced with
// scripts/trace-loads.mjs: 30 MB of the 580 MB node_modules, most of it Dawn), Gowalla's train.txt and the
// Vulkan loader's Debian package. scripts/gpu-device-run.sh unpacks and runs it there.
//   node scripts/gpu-device-bundle.mjs [--data DIR] [--out DIR]   (after npm ci; --data: LightGCN's
//   gowalla folder, default ../shared/data/gowalla; --out: default .device, which git ignores)
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dataDir = path.resolve(
  args.includes('--data') ? args[args.indexOf('--data') + 1] : path.join(root, '../shared/data/gowalla'),
);
const out = path.resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(root, '.device'));
const fail = (why) => {
  console.error(`gpu-device-bundle: ${why}`);
  process.exit(1);
};
const run = (cmd, argv, opts = {}) => {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  if (r.status !== 0)
    fail(`${cmd} ${argv.join(' ')} failed: ${(r.stderr || r.stdout || String(r.error)).trim().slice(-600)}`);
  return r;
};

if (!existsSync(path.join(root, 'dist/bench/gpu.js')))
  fail('dist/bench/gpu.js is missing: run npm ci (or npm run build) first');
if (!existsSync(path.join(dataDir, 'train.txt'))) fail(`${dataDir}/train.txt not found: pass --data DIR`);

const stage = mkdtempSync(path.join(os.tmpdir(), 'gpu-device-'));
const app = path.join(stage, 'app');
try {
  // 1. The installed files the bench loads, by tracing a load-only run of it.
  const trace = path.join(stage, 'trace.txt');
  run(process.execPath, ['--import', path.join(root, 'scripts/trace-loads.mjs'), 'dist/bench/gpu.js', '--load-only'], {
    cwd: root,
    env: { ...process.env, TRACE_LOADS_OUT: trace },
  });
  const modules = path.join(root, 'node_modules') + path.sep;
  const files = new Set();
  for (const file of readFileSync(trace, 'utf8').split('\n')) {
    if (!file.startsWith(modules)) continue;
    files.add(file);
    // Resolution reads each package's package.json (main, type): add the nearest one above the file.
    for (let dir = path.dirname(file); dir.startsWith(modules); dir = path.dirname(dir))
      if (existsSync(path.join(dir, 'package.json'))) {
        files.add(path.join(dir, 'package.json'));
        break;
      }
  }
  for (const file of files) cpSync(file, path.join(app, path.relative(root, file)));
  console.log(`${files.size} installed files the bench loads`);

  // 2. Our code, without source maps and declarations.
  cpSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
  cpSync(path.join(root, 'dist'), path.join(app, 'dist'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || src.endsWith('.js'),
  });

  // 3. The native kernels for a CPU other than this one, built twice: x86-64-v3 (AVX2, FMA) and v4
  // (AVX-512), which gpu-device-run.sh takes where the CPU has it.
  const native = path.join(stage, 'native');
  for (const f of ['binding.gyp', 'package.json']) cpSync(path.join(root, f), path.join(native, f));
  for (const f of readdirSync(path.join(root, 'graph/native')).filter((f) => /\.(cc|h)$/.test(f)))
    cpSync(path.join(root, 'graph/native', f), path.join(native, 'graph/native', f));
  symlinkSync(path.join(root, 'node_modules'), path.join(native, 'node_modules')); // binding.gyp asks node-addon-api
  for (const [level, dest] of [
    ['x86-64-v4', 'build/x86-64-v4'],
    ['x86-64-v3', 'build/Release'],
  ]) {
    run(process.execPath, [path.join(root, 'scripts/build-native.mjs'), native], {
      env: { ...process.env, PIPELINE_NATIVE_ARCH: `-march=${level}` },
    });
    const addon = path.join(native, 'build/Release/pipeline_kernels.node');
    if (!existsSync(addon)) fail(`the native kernels did not build for ${level} (PIPELINE_NATIVE_VERBOSE=1 shows why)`);
    cpSync(addon, path.join(app, dest, 'pipeline_kernels.node'));
    rmSync(path.join(native, 'build'), { recursive: true });
  }

  // 4. Node itself and the data.
  cpSync(process.execPath, path.join(app, 'node'));
  mkdirSync(path.join(app, 'data/gowalla'), { recursive: true });
  cpSync(path.join(dataDir, 'train.txt'), path.join(app, 'data/gowalla/train.txt'));

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  run('tar', ['-cJf', path.join(out, 'bundle.tar.xz'), '-C', stage, 'app'], {
    env: { ...process.env, XZ_OPT: '-6 -T2' },
  });
  // 5. Vulkan's loader, unpacked there only when the machine lacks it (Dawn dlopens libvulkan.so.1).
  const deb = spawnSync('apt-get', ['download', 'libvulkan1'], { cwd: out, encoding: 'utf8' });
  if (deb.status !== 0)
    console.warn('note: apt-get download libvulkan1 failed; the bundle relies on the machine having libvulkan.so.1');
  const size = readdirSync(out).reduce((n, f) => n + statSync(path.join(out, f)).size, 0);
  console.log(
    `${out}: ${(size / 2 ** 20).toFixed(1)} MiB (the device tool carries at most 64 MiB with the working tree)`,
  );
} finally {
  rmSync(stage, { recursive: true, force: true });
}
