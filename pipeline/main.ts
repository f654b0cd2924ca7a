import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import yargs, { type Argv, type CommandModule } from 'yargs';
import { PipelineError, UsageError } from '../core/errors.js';
import { packageVersion } from '../core/package-root.js';
import { userFacingOsError } from '../core/os-errors.js';
import { commandsFor } from './commands/index.js';

/** Reads `--config file.json|yaml`; its keys are flag names (kebab or camel case), flags given on the command line win. */
export function loadConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read config file: ${(e as Error).message}`, {
      file,
      hint: 'pass a JSON or YAML file',
    });
  }
  let parsed: unknown;
  try {
    // yaml loads only for a YAML config (start-up of every other command stays light).
    parsed = /\.ya?ml$/i.test(file)
      ? (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text)
      : JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `config file is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message}`,
      { file },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('config file must hold one object of flag names to values', { file });
  }
  return parsed as Record<string, unknown>;
}

/** The CLI's parser over `argv` with these commands (tests pass commands whose handlers do nothing). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- yargs' CommandModule is invariant in its args type.
export function cliParser(argv: string[], withCommands: readonly CommandModule<any, any>[]): Argv {
  let parser = yargs(argv)
    .scriptName('pipeline')
    .usage('$0 <command> [options]\n\nGraph-neural-network recommenders: build a graph, train, evaluate, serve.')
    .config('config', 'JSON or YAML file of flags (command-line flags take precedence)', loadConfigFile)
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output' })
    .version(packageVersion)
    .strict()
    .demandCommand(1, 'Name a command (pipeline --help lists them).')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw new UsageError(msg, { hint: 'see --help' });
    });
  for (const command of withCommands) parser = parser.command(command);
  return parser.help().alias('help', 'h');
}

export async function main(argv: string[]): Promise<number> {
  try {
    await cliParser(argv, await commandsFor(argv)).parseAsync();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    const userError = err instanceof PipelineError ? err : userFacingOsError(err);
    if (userError) {
      process.stderr.write(userError.format() + '\n');
      return 1;
    }
    process.stderr.write(`pipeline: internal error (please report): ${(err as Error)?.stack ?? String(err)}\n`);
    return 2;
  }
}
