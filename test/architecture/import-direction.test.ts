import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../core/package-root.js';

/**
 * The layers import downwards only: core ← data ← graph ← models ← pipeline (the public index.ts and
 * bench/ sit on top). The test parses every import of the source tree, so an upward edge or a
 * runtime import cycle fails here rather than in a review.
 */
const LAYERS = ['core', 'data', 'graph', 'models', 'pipeline'] as const;

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative imports and re-exports of one file, resolved to repository paths (`.js` → `.ts`). */
export function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4];
    const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
    edges.push({ from: file, to: target, typeOnly: m[2] !== undefined });
  }
  return edges;
}

function layerOf(file: string): number {
  const top = path.relative(packageRoot, file).split(path.sep)[0];
  return LAYERS.indexOf(top as (typeof LAYERS)[number]);
}

const files = LAYERS.flatMap((l) => sourceFiles(path.join(packageRoot, l)));
const edges = files.flatMap((f) => importsOf(f, readFileSync(f, 'utf8')));
const rel = (p: string) => path.relative(packageRoot, p);

describe('import direction', () => {
  it('parses imports, re-exports and dynamic imports', () => {
    const f = path.join(packageRoot, 'models', 'x', 'a.ts');
    const found = importsOf(
      f,
      "import { a } from '../b.js';\nimport type { C } from './c.js';\nexport { d } from '../../core/d.js';\nconst m = await import('./e.js');\n",
    );
    expect(found.map((e) => [rel(e.to), e.typeOnly])).toEqual([
      ['models/b.ts', false],
      ['models/x/c.ts', true],
      ['core/d.ts', false],
      ['models/x/e.ts', false],
    ]);
  });

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(200);
  });

  it('has no edge from a lower layer to a higher one', () => {
    const upward = edges.filter((e) => layerOf(e.to) > layerOf(e.from)).map((e) => `${rel(e.from)} -> ${rel(e.to)}`);
    expect(upward).toEqual([]);
  });

  it('has no runtime import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].map(rel).join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
