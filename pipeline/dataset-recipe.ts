import * as path from 'node:path';
import { fetchDataset, findDataset, type BuildRecipe, type FetchOptions } from '../data/datasets/index.js';

/**
 * A dataset's build-graph recipe as flags: shown by `datasets info` (the command it stands for) and
 * applied by `build-graph --dataset NAME`, where flags the user changed from their defaults win.
 */
export interface RecipeFlags {
  format: BuildRecipe['format'];
  input: string;
  test?: string;
  split?: NonNullable<BuildRecipe['split']>;
  'min-rating'?: number;
  'test-ratio'?: number;
  valid?: number;
}

export function recipeFlags(recipe: BuildRecipe, datasetDir: string): RecipeFlags {
  const flags: RecipeFlags = { format: recipe.format, input: path.join(datasetDir, recipe.input) };
  if (recipe.test !== undefined) flags.test = path.join(datasetDir, recipe.test);
  if (recipe.split !== undefined) flags.split = recipe.split;
  if (recipe.minRating !== undefined) flags['min-rating'] = recipe.minRating;
  if (recipe.testRatio !== undefined) flags['test-ratio'] = recipe.testRatio;
  if (recipe.valid !== undefined) flags.valid = recipe.valid;
  return flags;
}

export function recipeCommandLine(recipe: BuildRecipe, datasetDir: string, out: string): string {
  const flags = Object.entries(recipeFlags(recipe, datasetDir)).map(([k, v]) => `--${k} ${quote(String(v))}`);
  return `pipeline build-graph ${flags.join(' ')} --out ${quote(out)}`;
}

/**
 * Fills `args` from the recipe: a recipe value is used where the flag still has its default
 * (`defaults`), so `--valid 0` or `--split ratio` given by the user are kept.
 */
export function applyRecipe<T extends Record<string, unknown>>(
  args: T,
  recipe: BuildRecipe,
  datasetDir: string,
  defaults: Record<string, unknown>,
): T {
  const out: Record<string, unknown> = { ...args };
  for (const [key, value] of Object.entries(recipeFlags(recipe, datasetDir))) {
    if (out[key] === undefined || out[key] === defaults[key]) out[key] = value;
  }
  return out as T;
}

function quote(s: string): string {
  return /^[\w./:=@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The defaults of the build-graph flags a recipe may set (as in commands/build-graph.ts). */
const BUILD_GRAPH_DEFAULTS: Record<string, unknown> = { split: 'auto', 'test-ratio': 0.2, valid: 0 };

/** `build-graph --dataset NAME`: fetches the dataset when it is not cached and fills the flags from its recipe. */
export async function withDatasetRecipe<T extends Record<string, unknown>>(
  args: T,
  name: string,
  opts: FetchOptions,
): Promise<T> {
  const spec = findDataset(name);
  const fetched = await fetchDataset(spec, opts);
  opts.log?.(`dataset ${spec.name} (${fetched.dir}): ${spec.recipe.protocol}`);
  return applyRecipe(args, spec.recipe, fetched.dir, BUILD_GRAPH_DEFAULTS);
}
