import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { packageRoot } from '../../core/package-root.js';
import { COMMANDS, commandName, commandsFor } from '../../pipeline/commands/index.js';
import { makeServingFixture, runCli, type ServingFixture } from './serve-fixture.js';

/**
 * Start-up stays light: `--help` and `similar` load neither tfjs, Arrow, Parquet nor the HTTP
 * server, and a command's flag tables load only when the command is named.
 */
const MAIN = pathToFileURL(path.join(packageRoot, 'dist', 'pipeline', 'main.js')).href;

/** Runs the built CLI in a child and returns the CommonJS modules it loaded (packages load through require). */
async function loadedBy(args: string[]): Promise<string[]> {
  const probe = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'));
    const { main } = await import(${JSON.stringify(MAIN)});
    process.exitCode = await main(${JSON.stringify(args)});`;
  const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: packageRoot,
    maxBuffer: 16 << 20,
  }).catch((e: { stderr: string }) => e);
  const line = stderr.split('\n').find((l) => l.startsWith('LOADED '));
  if (line === undefined) throw new Error(`the probe printed no module list: ${stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
}

const HEAVY = /@tensorflow|apache-arrow|parquet-wasm|fastify|[\\/]pg[\\/]|graphology/;

let fx: ServingFixture;
beforeAll(async () => {
  fx = await makeServingFixture('start-up-');
});

describe('start-up', () => {
  it('--help loads no heavy package and lists every command', async () => {
    expect((await loadedBy(['--help'])).filter((m) => HEAVY.test(m))).toEqual([]);
    const help = await runCli(['--help']);
    for (const c of COMMANDS) expect(help.stdout).toContain(`pipeline ${c.command}`);
  });

  it('similar on a run loads no heavy package once its snapshot exists', async () => {
    const args = ['similar', '--run', fx.runDir, '--item', '200', '-k', '3'];
    expect((await runCli(args)).code).toBe(0); // writes the snapshot (this one may load Arrow)
    expect((await loadedBy(args)).filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('loads the modules of the commands named, and stand-ins for the rest', async () => {
    const loaded = await commandsFor(['similar', '--run', 'r']);
    for (const [n, c] of loaded.entries()) {
      const full = commandName(COMMANDS[n]) === 'similar';
      expect(typeof c.builder === 'function', commandName(COMMANDS[n])).toBe(full);
      expect(c.describe).toBe(COMMANDS[n].describe);
    }
    const typo = await runCli(['simlar']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/Did you mean similar/);
  });
});

describe('no command asks a question', () => {
  it('no source module reads stdin or opens a prompt', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const offenders: string[] = [];
    for (const dir of ['core', 'data', 'graph', 'models', 'pipeline']) {
      for (const f of readdirSync(path.join(packageRoot, dir), { recursive: true, encoding: 'utf8' })) {
        if (!f.endsWith('.ts')) continue;
        const text = readFileSync(path.join(packageRoot, dir, f), 'utf8');
        if (/process\.stdin|node:readline|from 'readline'/.test(text)) offenders.push(`${dir}/${f}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
