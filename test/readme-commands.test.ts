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

  it('would catch an unknown flag or a missing required one', async () => {
    const parse = async (args: string[]) => cliParser(args, dryCommands).exitProcess(false).parseAsync();
    await expect(parse(['train', '--graph', 'g', '--out', 'r', '--bogus-flag'])).rejects.toThrow(/bogus-flag/);
    await expect(parse(['evaluate'])).rejects.toThrow(/run/);
  });
});
