import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../core/package-root.js';

/**
 * Vitest global set-up: the CLI tests run the built CLI in dist/, so build it from the current
 * source first (incremental: a no-op when nothing changed). A test never runs a stale dist/.
 */
export default function buildDist(): void {
  const tsc = path.join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(packageRoot, 'tsconfig.json')], { stdio: 'inherit' });
}
