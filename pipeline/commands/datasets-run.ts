import {
  cacheRoot,
  datasetDir,
  DATASETS,
  fetchDataset,
  findDataset,
  readFetchedRecord,
  type DatasetSpec,
} from '../../data/datasets/index.js';
import { recipeCommandLine } from '../dataset-recipe.js';

export interface DatasetsArgs {
  action: 'list' | 'info' | 'fetch';
  name?: string;
  dir?: string;
  force: boolean;
  from?: string;
  json: boolean;
  quiet: boolean;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
const totalBytes = (d: DatasetSpec) => d.files.reduce((s, f) => s + f.approxBytes, 0);
const checksumKind = (d: DatasetSpec) =>
  d.files.every((f) => f.sha256)
    ? 'sha256'
    : d.files.every((f) => f.md5)
      ? 'md5 (publisher)'
      : d.extracted
        ? 'sha256 of the extracted files'
        : 'sha256 pinned on first download';

async function list(a: DatasetsArgs): Promise<void> {
  const root = cacheRoot(a.dir);
  const rows = await Promise.all(
    DATASETS.map(async (d) => ({
      name: d.name,
      title: d.title,
      bytes: totalBytes(d),
      features: features(d),
      cached: (await readFetchedRecord(root, d.name)) !== null,
    })),
  );
  if (a.json) {
    process.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(w)}  ${('~' + mb(r.bytes)).padStart(9)}  ${r.cached ? 'cached ' : '       '}  ${r.title}${r.features ? ` [${r.features}]` : ''}`,
  );
  process.stdout.write(`${lines.join('\n')}\ncache: ${root} (--dir, $PIPELINE_CACHE_DIR or $XDG_CACHE_HOME)\n`);
}

function features(d: DatasetSpec): string {
  return [d.userFeatures ? 'user features' : '', d.itemFeatures ? 'item features' : ''].filter(Boolean).join(', ');
}

async function info(a: DatasetsArgs): Promise<void> {
  const d = findDataset(a.name!);
  const root = cacheRoot(a.dir);
  const record = await readFetchedRecord(root, d.name);
  const dir = datasetDir(root, d.name);
  if (a.json) {
    process.stdout.write(
      JSON.stringify({
        ...d,
        dir,
        cached: record !== null,
        fetched: record,
        buildGraph: recipeCommandLine(d.recipe, dir, `graphs/${d.name}`),
      }) + '\n',
    );
    return;
  }
  const lines = [
    `${d.name}: ${d.title}`,
    `  ${d.description}`,
    `  homepage   ${d.homepage}`,
    `  licence    ${d.license}`,
    `  features   ${features(d) || 'interactions only'}`,
    `  checksums  ${checksumKind(d)}`,
    ...d.files.map(
      (f) =>
        `  file       ${f.url}  ~${mb(f.approxBytes)}${f.sha256 ? `  sha256 ${f.sha256}` : f.md5 ? `  md5 ${f.md5}` : ''}`,
    ),
    `  protocol   ${d.recipe.protocol}`,
    `  cache      ${dir} (${record ? `fetched ${record.fetched}` : 'not fetched'})`,
    `  build      pipeline build-graph --dataset ${d.name} --out graphs/${d.name}`,
    `             = ${recipeCommandLine(d.recipe, dir, `graphs/${d.name}`)}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function fetch(a: DatasetsArgs): Promise<void> {
  const d = findDataset(a.name!);
  const log = a.json ? () => {} : (l: string) => process.stderr.write(l + '\n');
  const r = await fetchDataset(d, { dir: a.dir, force: a.force, from: a.from, quiet: a.quiet || a.json, log });
  if (a.json) {
    process.stdout.write(
      JSON.stringify({ name: r.name, dir: r.dir, downloaded: r.downloaded, files: r.record.files }) + '\n',
    );
    return;
  }
  const how = r.downloaded ? 'fetched' : 'already in the cache';
  process.stdout.write(
    `${d.name} ${how}: ${r.dir}\nnext: pipeline build-graph --dataset ${d.name}${a.dir ? ` --data-dir ${a.dir}` : ''} --out graphs/${d.name}\n`,
  );
}

export async function runDatasets(a: DatasetsArgs): Promise<void> {
  if (a.action === 'list') await list(a);
  else if (a.action === 'info') await info(a);
  else await fetch(a);
}
