import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';

const run = promisify(execFile);

/** The TypeScript block of the README's "Use as a library" section. */
export function libraryExample(readme: string): string {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Use as a library'));
  const code = section && /```ts\n([\s\S]*?)```/.exec(section);
  if (!code) throw new Error('README.md has no ```ts block under "## Use as a library"');
  return code[1];
}

describe("the README's library example", () => {
  it('compiles against the package by its name and runs', async () => {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string };
    const example = libraryExample(readFileSync(path.join(packageRoot, 'README.md'), 'utf8'));
    expect(example).toContain(`from '${pkg.name}'`);
    const dir = mkdtempSync(path.join(tmpdir(), 'pipeline-library-'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(packageRoot, path.join(dir, 'node_modules', pkg.name), 'dir');
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    writeFileSync(path.join(dir, 'example.ts'), example);
    const types = path.join(packageRoot, 'node_modules', '@types');
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          outDir: 'out',
          types: ['node'],
          typeRoots: [types],
        },
        files: ['example.ts'],
      }),
    );
    await run(process.execPath, [path.join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir]);
    const { stdout } = await run(process.execPath, [path.join(dir, 'out', 'example.js')], { cwd: dir });
    expect(stdout).toMatch(/^test recall@10 \d\.\d{3}$/m);
    expect(stdout).toMatch(/^similar to i1: \S+ \S+ \S+$/m);
    expect(stdout).toMatch(/^for u1: \S+ \S+ \S+$/m);
  }, 120_000);
});
