/**
 * A graph folder's manifest.json (counts, build config, summary, sha256 of every file): read and
 * checked without Arrow, so commands that only inspect a graph (or only print help) stay light.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { GraphSummary } from './degree-stats.js';
import type { IngestReport, SplitCode } from '../data/types.js';
import { ArtifactError } from '../core/errors.js';
import { packageVersion } from '../core/package-root.js';

export const REBUILD_HINT = 'rebuild the graph folder with `pipeline build-graph`';

/** Bump when the folder layout changes; older folders are then refused with a rebuild hint. */
export const GRAPH_SCHEMA_VERSION = 1;
export const GRAPH_FORMAT = 'pipeline-graph';

export interface GraphManifest {
  format: typeof GRAPH_FORMAT;
  schemaVersion: number;
  package: { name: string; version: string };
  created: string;
  counts: {
    users: number;
    items: number;
    nodes: number;
    interactions: number;
    /** Distinct user–item edges (adjacency holds each twice). */
    edges: number;
    itemFeatureNodes: number | null;
    userFeatureNodes: number | null;
    negativeRows: number | null;
  };
  graph: { splits: SplitCode[]; duplicateEdges: number };
  communities: { count: number; modularity: number } | null;
  /** Counts of the cold-start hold-outs marked in nodes.arrow's `cold` column; null (or absent, older folders) for none. */
  cold?: { items: number; users: number; history: number } | null;
  config: Record<string, unknown>;
  summary: GraphSummary;
  ingest: IngestReport;
  files: Record<string, { bytes: number; sha256: string }>;
}

/** Reads just the manifest (cheap: for `pipeline info`-style inspection), checking format and version. */
export async function readGraphManifest(dir: string): Promise<GraphManifest> {
  const file = path.join(dir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? (await exists(dir))
          ? 'is not a graph folder (no manifest.json)'
          : 'does not exist'
        : `cannot be read (${code})`;
    throw new ArtifactError(`graph folder ${dir} ${what}`, {
      file,
      cause: err,
      hint: 'build one with `pipeline build-graph --out DIR`',
    });
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new ArtifactError(`manifest is not valid JSON: ${(err as Error).message}`, {
      file,
      cause: err,
      hint: REBUILD_HINT,
    });
  }
  const manifest = m as Partial<GraphManifest>;
  if (manifest === null || typeof manifest !== 'object' || manifest.format !== GRAPH_FORMAT) {
    throw new ArtifactError(`not a ${GRAPH_FORMAT} manifest`, { file, field: 'format', hint: REBUILD_HINT });
  }
  if (manifest.schemaVersion !== GRAPH_SCHEMA_VERSION) {
    throw new ArtifactError(
      `graph folder has schema version ${String(manifest.schemaVersion)} (written by pipeline ${manifest.package?.version ?? '?'}); ` +
        `this pipeline ${packageVersion} reads version ${GRAPH_SCHEMA_VERSION}`,
      { file, field: 'schemaVersion', hint: REBUILD_HINT },
    );
  }
  for (const key of ['counts', 'graph', 'files', 'summary', 'ingest', 'config'] as const) {
    if (manifest[key] === null || typeof manifest[key] !== 'object') {
      throw new ArtifactError(`manifest lacks "${key}"`, { file, field: key, hint: REBUILD_HINT });
    }
  }
  return manifest as GraphManifest;
}

/** The checksum a run records for its graph: file names and content hashes from the manifest. */
export function graphChecksum(store: { manifest: GraphManifest }): string {
  return Object.entries(store.manifest.files)
    .map(([name, f]) => `${name}:${f.sha256.slice(0, 16)}`)
    .join(',');
}

async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
