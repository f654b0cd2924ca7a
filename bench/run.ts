/**
 * `npm run bench`: the measurements behind BENCHMARKS.md, on the real data in ../shared/data.
 *   kernels     native SpMM / propagation / sampling / top-K on the Gowalla graph vs the TS reference
 *   benchmark   every model of ml-latest-small and Gowalla through `pipeline benchmark`
 * `--quick` runs the few-minute version (fewer epochs); `--only kernels|ml-latest-small|gowalla` one part.
 * Results are printed and written to bench-results/ (markdown), to be copied into BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../core/package-root.js';
import { benchKernels } from './kernels.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const outDir = path.join(packageRoot, 'bench-results');
mkdirSync(outDir, { recursive: true });
const want = (part: string) => only === null || only === part;

if (want('kernels')) {
  const result = await benchKernels({});
  if (result) writeFileSync(path.join(outDir, 'kernels.json'), JSON.stringify(result, null, 2));
}
for (const dataset of ['ml-latest-small', 'gowalla']) {
  if (!want(dataset)) continue;
  const out = path.join(outDir, `${dataset}${quick ? '-quick' : ''}.md`);
  execFileSync(
    process.execPath,
    [
      path.join(packageRoot, 'dist', 'pipeline', 'cli.js'),
      'benchmark',
      '--dataset',
      dataset,
      '--out',
      out,
      ...(quick ? ['--quick'] : []),
    ],
    {
      stdio: 'inherit',
    },
  );
}
