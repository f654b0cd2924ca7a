/**
 * One validation layer for numeric flags: every command checks the flags it was given against one
 * table of rules (integer, range, finite), so `--seed abc`, `--epochs -1`, `--dim 1e9` or
 * `--k 1e12` stop with a UsageError naming the flag instead of a NaN run or a stack trace.
 */
import { UsageError } from './errors.js';

export interface NumberRule {
  integer?: boolean;
  /** Smallest allowed value (inclusive unless `above`). */
  min?: number;
  /** The value must be strictly greater than `min`. */
  above?: boolean;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** A few words on what the flag is, for the message. */
  what?: string;
}

const int = (min: number, max: number, what?: string): NumberRule => ({ integer: true, min, max, what });
const positive = (max: number, what?: string): NumberRule => ({ min: 0, above: true, max, what });
const nonNegative = (max = Number.MAX_VALUE): NumberRule => ({ min: 0, max });
const fraction: NumberRule = { min: 0, max: 1 };
const BIG = 1e9;

/** Every numeric flag of the CLI by name. A command validates the names it declares. */
export const FLAG_RULES: Record<string, NumberRule> = {
  seed: { integer: true, min: -(2 ** 53), max: 2 ** 53 },
  epochs: int(1, 1e6),
  dim: int(1, 16384, 'the embedding size'),
  lr: positive(100, 'the learning rate'),
  'head-lr': positive(100),
  'min-lr': nonNegative(100),
  l2: nonNegative(),
  reg: nonNegative(),
  batch: int(1, 1e8),
  'head-batch': int(1, 1e8),
  negatives: int(1, 1e5),
  'eval-every': int(0, 1e6),
  patience: int(0, 1e6),
  'lr-patience': int(0, 1e6),
  'lr-factor': { min: 0, above: true, max: 1 },
  threads: int(1, 1024),
  temperature: positive(1e6),
  'init-std': nonNegative(1e6),
  'content-weight': nonNegative(1e6),
  recency: nonNegative(1e6),
  'pretrain-alpha': fraction,
  'history-cap': int(1, 1e6),
  'head-epochs': int(0, 1e6),
  'head-samples': int(0, BIG),
  'random-negatives': int(0, 1e5),
  'hard-negatives': int(0, 1e5),
  'tower-epochs': int(0, 1e6),
  neighbors: int(1, 1e6),
  shrink: nonNegative(),
  factors: int(1, 16384),
  iterations: int(1, 1e6),
  rank: int(1, 16384),
  oversample: int(0, 16384),
  'power-iters': int(0, 1000),
  'vae-hidden': int(1, 65536),
  latent: int(1, 16384),
  keep: { min: 0, above: true, max: 1, what: 'a probability' },
  'beta-max': nonNegative(1e6),
  'anneal-steps': int(0, BIG),
  asymmetry: nonNegative(10),
  alpha: nonNegative(),
  'cg-steps': int(1, 1000),
  lambda: nonNegative(),
  'ease-max-gb': positive(1e6),
  // build-graph
  'min-user-interactions': int(0, BIG),
  'min-item-interactions': int(0, BIG),
  'test-ratio': { min: 0, max: 1, what: 'a fraction' },
  valid: { min: 0, max: 1, what: 'a fraction' },
  'cold-items': { min: 0, max: 1, what: 'a fraction' },
  'cold-users': { min: 0, max: 1, what: 'a fraction' },
  'cold-history': int(0, 1e6),
  resolution: positive(1e6),
  'min-rating': { min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
  // search, serving, reports
  k: int(1, 1e6, 'a cut-off'),
  m: int(2, 1024),
  'ef-construction': int(1, 1e6),
  ef: int(1, 1e6),
  port: int(0, 65535),
  'max-k': int(1, 1e6),
  'body-limit': int(1024, 1 << 30),
  'max-points': int(1, 1e7),
};

/** Checks one value against a rule; returns it as a number. */
export function checkNumber(flag: string, value: unknown, rule: NumberRule): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const range = describeRange(rule);
  const fail = (why: string) =>
    new UsageError(`--${flag} must be ${why}, got ${shown}`, {
      field: flag,
      hint: `--${flag} takes ${rule.what ? `${rule.what}: ` : ''}${rule.integer ? range : `a number ${range}`}`,
    });
  if (!Number.isFinite(n)) throw fail(rule.integer ? 'an integer' : 'a number');
  if (rule.integer && !Number.isInteger(n)) throw fail('an integer');
  if (rule.min !== undefined && (rule.above ? n <= rule.min : n < rule.min)) throw fail(range);
  if (rule.max !== undefined && n > rule.max) throw fail(range);
  return n;
}

/** "64,32,16" checked element by element. */
export function checkNumberList(flag: string, value: unknown, rule: NumberRule): number[] {
  const parts = String(value)
    .split(',')
    .map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new UsageError(`--${flag} must be comma-separated numbers, got ${JSON.stringify(String(value))}`, {
      field: flag,
    });
  }
  return parts.map((p) => checkNumber(flag, p, rule));
}

/** Validates the flags of `names` present in parsed arguments (undefined = not given). Returns true for yargs' `.check`. */
export function validateFlags(
  argv: Record<string, unknown>,
  names: readonly string[],
  rules: Record<string, NumberRule> = FLAG_RULES,
): true {
  for (const name of names) {
    const rule = rules[name];
    if (rule === undefined) throw new Error(`no validation rule for --${name}`);
    const value = argv[name];
    if (value === undefined) continue;
    if (Array.isArray(value))
      throw new UsageError(`--${name} was given ${value.length} times`, { field: name, hint: 'give it once' });
    if (typeof value === 'string' && value.includes(',')) checkNumberList(name, value, rule);
    else checkNumber(name, value, rule);
  }
  return true;
}

function describeRange(rule: NumberRule): string {
  // "an integer from 1 to 64", but "> 0 and <= 100" for numbers (as the NCF flags always said).
  const kind = rule.integer ? 'an integer ' : '';
  const lo = rule.min === undefined || rule.min <= -Number.MAX_VALUE || rule.min <= -(2 ** 53) ? null : rule.min;
  const hi = rule.max === undefined || rule.max >= Number.MAX_VALUE || rule.max >= 2 ** 53 ? null : rule.max;
  if (lo !== null && hi !== null) return `${kind}${rule.above ? `> ${lo} and <=` : `from ${lo} to`} ${hi}`;
  if (lo !== null) return `${kind}${rule.above ? '>' : '>='} ${lo}`;
  if (hi !== null) return `${kind}<= ${hi}`;
  return rule.integer ? 'an integer' : 'a finite number';
}
