import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../core/package-root.js';
import { loadCommands } from '../pipeline/commands/index.js';
import { cliParser } from '../pipeline/main.js';

/** Every `npx pipeline ...` line of the README's shell blocks, as argument lists (comments dropped, quotes and `\` continuations honoured). */
export function readmeCommands(readme: string): string[][] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ' '));
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('npx pipeline '))
    .map((line) => shellWords(line).slice(2));
}

/** Splits a shell line into words: single and double quotes group, an unquoted # starts a comment. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === '#' && word === null) {
      break;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** Flags that name a file or folder the command reads. */
const INPUT_FLAGS = ['--input', '--test', '--graph', '--run', '--encoder', '--item-features', '--user-features'];

/** Each input path (as `flag path`) that no earlier command wrote with --out or --dir (or a folder above it). */
export function unmetInputs(commands: string[][]): string[] {
  const written: string[] = [];
  const unmet: string[] = [];
  for (const args of commands) {
    args.forEach((flag, i) => {
      const p = path.normalize(args[i + 1] ?? '');
      if (INPUT_FLAGS.includes(flag) && !written.some((w) => p === w || p.startsWith(w + path.sep)))
        unmet.push(`pipeline ${args[0]}: ${flag} ${args[i + 1]}`);
    });
    args.forEach((flag, i) => {
      if ((flag === '--out' || flag === '--dir') && i + 1 < args.length) written.push(path.normalize(args[i + 1]));
    });
  }
  return unmet;
}

/** Commands whose --out an earlier command wrote, without --resume or --force (refused: a run folder is never mixed). */
export function outputClashes(commands: string[][]): string[] {
  const written = new Set<string>();
  const clashes: string[] = [];
  for (const args of commands) {
    const i = args.indexOf('--out');
    if (i < 0 || i + 1 >= args.length) continue;
    const out = path.normalize(args[i + 1]);
    if (written.has(out) && !args.includes('--resume') && !args.includes('--force'))
      clashes.push(`pipeline ${args.join(' ')}`);
    written.add(out);
  }
  return clashes;
}

// The commands as they are, but doing nothing: only the parser (flags exist, required ones given, choices valid) runs.
const dryCommands = (await loadCommands()).map((c) => ({ ...c, handler: () => {} }));

describe("the README's commands", () => {
  const lines = readmeCommands(readFileSync(path.join(packageRoot, 'README.md'), 'utf8'));

  it('splits shell lines as the shell does', () => {
    expect(shellWords(`npx pipeline recommend --new-item '{"title":"A (1995)"}' -k 5   # note`)).toEqual([
      'npx',
      'pipeline',
      'recommend',
      '--new-item',
      '{"title":"A (1995)"}',
      '-k',
      '5',
    ]);
    expect(readmeCommands('```sh\nnpx pipeline train --graph g \\\n  --out r   # x\nnpm test\n```\n')).toEqual([
      ['train', '--graph', 'g', '--out', 'r'],
    ]);
  });

  it('are found', () => {
    expect(lines.length).toBeGreaterThan(20);
  });

  it('each parse against the CLI', async () => {
    const failures: string[] = [];
    for (const args of lines) {
      try {
        await cliParser(args, dryCommands).exitProcess(false).parseAsync();
      } catch (e) {
        failures.push(`pipeline ${args.join(' ')}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('read only what an earlier README command wrote or fetched, so that they run in order on a fresh clone', () => {
    expect(unmetInputs(lines)).toEqual([]);
    expect(unmetInputs([['train', '--graph', 'graphs/x', '--out', 'runs/x']])).toHaveLength(1);
    expect(
      unmetInputs([
        ['demo', '--dir', 'd'],
        ['build-graph', '--input', 'd/data/a.csv', '--out', 'g'],
      ]),
    ).toEqual([]);
  });

  it("never write to an earlier command's output unless they resume or replace it", () => {
    expect(outputClashes(lines)).toEqual([]);
    const twice = ['tune', '--graph', 'g', '--out', 't'];
    expect(outputClashes([twice, twice])).toHaveLength(1);
    expect(outputClashes([twice, [...twice, '--resume']])).toEqual([]);
  });

  it('would catch an unknown flag or a missing required one', async () => {
    const parse = async (args: string[]) => cliParser(args, dryCommands).exitProcess(false).parseAsync();
    await expect(parse(['train', '--graph', 'g', '--out', 'r', '--bogus-flag'])).rejects.toThrow(/bogus-flag/);
    await expect(parse(['evaluate'])).rejects.toThrow(/run/);
  });
});
