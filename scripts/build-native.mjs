#!/usr/bin/env node
// Builds the native kernels addon (graph/native, binding.gyp) with the node-gyp dependency.
// Runs on `npm install`/`npm ci`. Never downloads Node headers: it uses npm_config_nodedir (set by
// npm from ~/.npmrc) or the system headers in /usr/include/node. A failed build is not fatal: the
// package falls back to its TypeScript kernels, so this prints one warning and exits 0.
// `node scripts/build-native.mjs DIR` builds in DIR instead (a copy of binding.gyp and graph/native,
// as scripts/gpu-device-bundle.mjs makes for another machine).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(process.argv[2] ?? packageRoot);
const warn = (why) => {
  console.warn(
    `pipeline: native kernels not built (${why}); the TypeScript kernels will be used (slower). ` +
      'Run `npm run build` after fixing the cause to retry.',
  );
  process.exit(0);
};

if (process.env.PIPELINE_SKIP_NATIVE === '1') warn('PIPELINE_SKIP_NATIVE=1');

let gypJs;
try {
  gypJs = createRequire(path.join(packageRoot, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
} catch {
  warn('the node-gyp package is not installed');
}

const args = [gypJs, 'rebuild', '-j', '2'];
if (!process.env.npm_config_nodedir) {
  // No configured headers: use the system ones rather than letting node-gyp download them.
  if (existsSync('/usr/include/node/node.h')) args.push('--nodedir=/usr');
  else if (!process.env.PIPELINE_ALLOW_HEADER_DOWNLOAD) {
    const local = path.join(path.dirname(process.execPath), '..', 'include', 'node', 'node.h');
    if (existsSync(local)) args.push(`--nodedir=${path.resolve(path.dirname(process.execPath), '..')}`);
    else warn('no Node headers found (set npm_config_nodedir to a folder with include/node/node.h)');
  }
}
// Extra compiler flags for the target CPU; -march=native is right because the addon is built where it runs.
if (process.env.PIPELINE_NATIVE_ARCH !== undefined) args.push('--', `-Darch_flags=${process.env.PIPELINE_NATIVE_ARCH}`);

const started = Date.now();
const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: process.env });
if (r.error || r.status !== 0) {
  const log = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  const errLine = log.find((l) => /error/i.test(l)) ?? log.at(-1) ?? String(r.error);
  if (process.env.PIPELINE_NATIVE_VERBOSE === '1') console.error(log.join('\n'));
  warn(`node-gyp failed: ${errLine.trim().slice(0, 300)}`);
}
const addon = path.join(root, 'build', 'Release', 'pipeline_kernels.node');
if (!existsSync(addon)) warn(`node-gyp succeeded but ${addon} is missing`);
console.log(
  `pipeline: native kernels built in ${((Date.now() - started) / 1000).toFixed(1)} s (${path.relative(root, addon)})`,
);
