import { parseArgs } from 'node:util';

/**
 * Command line of the vector-search benches (ann.ts, pgvector.ts): a run folder and `--flag value`
 * options whose kind follows their default (a number, a comma-separated list of numbers, a string
 * or a boolean switch); flag names are the keys in kebab case (efConstruction: --ef-construction).
 */
type Value = number | number[] | string | boolean | undefined;

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export function vectorBenchArgs<T extends Record<string, Value>>(
  argv: string[],
  defaults: T,
  usage: string,
): T & { run: string } {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([key, d]) => [
      kebab(key),
      { type: typeof d === 'boolean' ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (e) {
    throw new Error(`${(e as Error).message}\nusage: ${usage}`);
  }
  if (parsed.positionals.length !== 1) throw new Error(`usage: ${usage}`);
  const out: Record<string, Value> = { ...defaults, run: parsed.positionals[0] };
  for (const [key, d] of Object.entries(defaults)) {
    const v = parsed.values[kebab(key)];
    if (v === undefined) continue;
    if (typeof d === 'boolean' || typeof d === 'string' || d === undefined) out[key] = v;
    else if (Array.isArray(d)) out[key] = String(v).split(',').map(Number);
    else out[key] = Number(v);
    if (typeof out[key] === 'number' && !Number.isFinite(out[key]))
      throw new Error(`--${kebab(key)} must be a number\nusage: ${usage}`);
  }
  return out as T & { run: string };
}
