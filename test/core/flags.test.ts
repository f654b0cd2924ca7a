import { describe, expect, it } from 'vitest';
import { FLAG_RULES, checkNumber, checkNumberList, validateFlags } from '../../core/flags.js';
import {
  batchTrainingBytes,
  checkMemory,
  checkTrainMemory,
  embeddingTrainingBytes,
} from '../../core/memory-estimate.js';
import { UsageError } from '../../core/errors.js';
import { validateTrainFlags } from '../../pipeline/train-flag-validation.js';
import { runCli } from '../cli-runner.js';

const usageFor = (f: () => unknown, flag: string) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).location.field).toBe(flag);
    expect((e as UsageError).message).toContain(`--${flag}`);
    return;
  }
  throw new Error(`--${flag} was accepted`);
};

describe('flag rules', () => {
  it('accepts values in range and returns numbers', () => {
    expect(checkNumber('dim', '64', FLAG_RULES.dim)).toBe(64);
    expect(checkNumber('lr', 0.001, FLAG_RULES.lr)).toBe(0.001);
    expect(checkNumberList('k', '10, 20', FLAG_RULES.k)).toEqual([10, 20]);
    expect(validateFlags({ seed: 7, k: '5,10', port: 0 }, ['seed', 'k', 'port', 'ef'])).toBe(true);
  });

  it.each([
    ['seed', Number.NaN],
    ['seed', 1.5],
    ['epochs', -1],
    ['epochs', Number.NaN],
    ['lr', -1],
    ['lr', 0],
    ['dim', 0],
    ['dim', 1e9],
    ['batch', 0],
    ['k', '1e12'],
    ['k', '10,,20'],
    ['k', '10,abc'],
    ['test-ratio', 1.5],
    ['port', 70000],
    ['threads', 0],
    ['l2', -0.1],
  ] as [string, unknown][])('refuses --%s %s naming the flag', (flag, value) => {
    usageFor(() => validateFlags({ [flag]: value }, [flag]), flag);
  });

  it('refuses a flag given twice', () => usageFor(() => validateFlags({ dim: [1, 2] }, ['dim']), 'dim'));
});

describe('validateTrainFlags', () => {
  it.each([
    [{ seed: Number.NaN }, 'seed'],
    [{ epochs: -1 }, 'epochs'],
    [{ lr: -1 }, 'lr'],
    [{ dim: 0 }, 'dim'],
    [{ dim: 1e9 }, 'dim'],
    [{ layers: '-2' }, 'layers'],
    [{ layers: '1.5' }, 'layers'],
    [{ batch: 0 }, 'batch'],
    [{ k: '0' }, 'k'],
    [{ model: 'mlp', layers: '64,0' }, 'layers'],
    [{ 'head-hidden': '64,x' }, 'head-hidden'],
    [{ negatives: '1,2' }, 'negatives'],
  ] as [Record<string, unknown>, string][])('refuses %j', (argv, flag) =>
    usageFor(() => validateTrainFlags(argv), flag),
  );

  it("accepts the presets' kinds of values, and MLP towers as lists", () => {
    expect(() =>
      validateTrainFlags({ seed: 1, k: '20', layers: '3', dim: 64, lr: 0.001, l2: 1e-4, epochs: 10, batch: 2048 }),
    ).not.toThrow();
    expect(() => validateTrainFlags({ model: 'neumf', layers: '64,32,16,8' })).not.toThrow();
    expect(() => validateTrainFlags({ gnn: 'lightgcn', layers: '0' })).not.toThrow();
  });
});

describe('memory estimate', () => {
  it('refuses with the figure and a hint when the tables would not fit', () => {
    expect(embeddingTrainingBytes({ users: 1000, items: 1000 }, 64, 3)).toBe(2000 * 64 * 4 * 6);
    expect(() => checkTrainMemory({ users: 1000, items: 1000 }, 64, 3, 1e9)).not.toThrow();
    try {
      checkTrainMemory({ users: 100_000, items: 40_000 }, 200_000, 3, 8 * 2 ** 30);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).message).toMatch(/needs about 625\.8 GiB, but only 8\.0 GiB/);
      expect((e as UsageError).hint).toMatch(/lower --dim \(at --dim 64 it would need 205\.1 MiB\)/);
    }
    expect(() => checkMemory('x', 2, 'h', 1)).toThrow(UsageError);
  });

  it('counts a large batch', () => {
    const softmax = { batch: 65536, negatives: 1024, loss: 'softmax' };
    // value rows of 2 x 65,536 + 1,024 rows of [final | ego], three copies, and the 65,536 x 1,024 logits
    expect(batchTrainingBytes(softmax, 256)).toBe((2 * 65536 + 1024) * 512 * 4 * 3 + 65536 * 1024 * 4);
    expect(batchTrainingBytes({ batch: 2048, negatives: 1, loss: 'bpr' }, 64)).toBe(3 * 2048 * 128 * 4 * 3);
    const nodes = { users: 1000, items: 1000 };
    const tables = embeddingTrainingBytes(nodes, 256, 3);
    expect(() => checkTrainMemory(nodes, 256, 3, tables + 2 ** 20)).not.toThrow();
    expect(() => checkTrainMemory(nodes, 256, 3, tables + 2 ** 20, softmax)).toThrow(/needs about 1\.\d GiB/);
  });
});

describe('CLI flag errors (exit 1, no stack trace)', () => {
  it.each([
    ['train', '--graph', 'g', '--out', 'o', '--seed', 'abc'],
    ['evaluate', '--run', 'r', '--k', '1e12'],
    ['build-graph', '--format', 'csv', '--input', 'x', '--out', 'y', '--test-ratio', '2'],
  ])('%s … %s %s', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error\[usage\] field "[a-z-]+": --[a-z-]+ must be/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('trainPreflight', () => {
  it('refuses a --dim whose tables would not fit, from the graph manifest alone', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { buildGraph } = await import('../../pipeline/build-graph.js');
    const { trainPreflight } = await import('../../pipeline/train-flag-validation.js');
    const root = mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    writeFileSync(
      path.join(root, 'log.csv'),
      'user,item\n' + Array.from({ length: 40 }, (_, n) => `u${n % 8},i${n % 5}`).join('\n') + '\n',
    );
    const graph = path.join(root, 'g');
    await buildGraph({
      read: { format: 'csv', input: path.join(root, 'log.csv') },
      filter: { dedupe: true },
      split: 'ratio',
      testRatio: 0.2,
      validRatio: 0,
      seed: 1,
      communities: false,
      resolution: 1,
      out: graph,
    });
    await expect(trainPreflight({ graph, dim: 64 }, 1e9)).resolves.toBeUndefined();
    await expect(trainPreflight({ graph, dim: 16384 }, 1e6)).rejects.toThrow(
      /8 users \+ 5 items at --dim 16384 needs about 4\.9 MiB, but only 977 KiB/,
    );
    await expect(trainPreflight({ graph: path.join(root, 'missing'), dim: 64 }, 1)).resolves.toBeUndefined(); // left to train
    await expect(trainPreflight({ graph, dim: -1 }, 1e9)).rejects.toThrow(UsageError);
  });
});
