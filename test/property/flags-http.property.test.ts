/**
 * Properties of the flag layer (any value: accepted values obey the rule, everything else is a
 * UsageError naming the flag) and of the HTTP API (any query or body: a JSON answer with a 2xx or
 * 4xx status, never a 500).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { FLAG_RULES, validateFlags } from '../../core/flags.js';
import { UsageError } from '../../core/errors.js';
import { validateTrainFlags } from '../../pipeline/train-flag-validation.js';
import { buildServer } from '../../pipeline/serve/app.js';
import { openServingModel } from '../../pipeline/serve/model.js';
import { makeServingFixture } from '../pipeline/serve-fixture.js';
import { internalError } from './internal-errors.js';

const SCALE = Number(process.env.PROPERTY_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const flagValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 0.5, 1e9, 1e12, -0, Number.NaN, Infinity, 2 ** 53 + 2),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('abc', '', ' ', '1e12', '10,20', '10,,20', '0x10', '1_000', '-2', '3.0'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constantFrom(null, true, false, undefined),
);

describe('flag layer', () => {
  const names = Object.keys(FLAG_RULES);

  it('accepts only values within the rule, and refuses the rest with a UsageError naming the flag', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), flagValue, async (flag, value) => {
        let accepted = false;
        try {
          accepted = validateFlags({ [flag]: value }, [flag]);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as UsageError).location.field).toBe(flag);
          return;
        }
        expect(accepted).toBe(true);
        if (value === undefined || (typeof value === 'string' && value.includes(','))) return;
        const rule = FLAG_RULES[flag];
        const n = Number(value);
        expect(Number.isFinite(n)).toBe(true);
        if (rule.integer) expect(Number.isInteger(n)).toBe(true);
        if (rule.min !== undefined) expect(rule.above ? n > rule.min : n >= rule.min).toBe(true);
        if (rule.max !== undefined) expect(n <= rule.max).toBe(true);
      }),
      { numRuns: runs(3000) },
    );
  });

  it('validateTrainFlags never fails with anything but a UsageError', async () => {
    const argv = fc.dictionary(
      fc.constantFrom(
        'seed',
        'epochs',
        'dim',
        'lr',
        'layers',
        'k',
        'batch',
        'model',
        'head-hidden',
        'negatives',
        'threads',
      ),
      flagValue,
    );
    await fc.assert(
      fc.asyncProperty(argv, async (a) => {
        expect(await internalError(() => validateTrainFlags(a))).toBeNull();
      }),
      { numRuns: runs(2000) },
    );
  });
});

describe('HTTP API schema', () => {
  let app: FastifyInstance;
  const errors: unknown[] = [];
  beforeAll(async () => {
    const fx = await makeServingFixture('prop-http-');
    app = buildServer(await openServingModel(fx.runDir), { onError: (e) => errors.push(e) });
  });
  afterAll(async () => app?.close());

  const id = fc.oneof(
    fc.constantFrom('1', '2', '300', '200', 'toy', 'Toy Story', '', ' ', '%', '%ZZ', '\u0000', '999999'),
    fc.string({ maxLength: 20 }),
  );
  const param = fc.tuple(
    fc.constantFrom('item', 'user', 'history', 'k', 'exclude', 'x', 'k[]', '__proto__'),
    fc.oneof(id, fc.integer().map(String), fc.constantFrom('0', '-1', '1e3', 'all', 'none', 'train', '1,2,300')),
  );
  const body = fc.oneof(
    fc.json({ maxDepth: 3 }),
    fc
      .record({
        history: fc.option(fc.array(id, { maxLength: 5 }), { nil: undefined }),
        k: fc.option(fc.oneof(fc.integer(), fc.string()), { nil: undefined }),
        newItem: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })), {
          nil: undefined,
        }),
      })
      .map((o) => JSON.stringify(o)),
    fc.string({ maxLength: 40 }),
  );

  it('answers every generated request with JSON and a 2xx/4xx status', async () => {
    const request = fc.oneof(
      fc.record({
        method: fc.constant('GET' as const),
        path: fc.constantFrom('/similar', '/recommend', '/health', '/metrics', '/nope'),
        params: fc.array(param, { maxLength: 4 }),
      }),
      fc.record({
        method: fc.constant('POST' as const),
        path: fc.constantFrom('/recommend', '/similar'),
        params: fc.constant([] as [string, string][]),
        body,
        type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const query = r.params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await app.inject({
          method: r.method,
          url: query ? `${r.path}?${query}` : r.path,
          ...('body' in r ? { payload: r.body, headers: { 'content-type': r.type } } : {}),
        });
        expect(res.statusCode, `${r.method} ${r.path}?${query} -> ${res.body}`).toBeLessThan(500);
        expect(() => JSON.parse(res.body)).not.toThrow();
      }),
      { numRuns: runs(2000) },
    );
    expect(errors).toEqual([]);
  });
});
