import type { BundleServing } from '../models/common/serving.js';
import { dotProductFromBundle } from '../models/common/scorer.js';
import { baselinesFamily } from './train/baselines-family.js';
import type { ModelFamily } from './train/family.js';
import { hybridFamily } from './train/hybrid-family.js';
import { fmFamily } from './train/fm-family.js';
import { lightgcnFamily } from './train/lightgcn-family.js';
import { multVaeFamily } from './train/multvae-family.js';
import { ncfFamily } from './train/ncf-family.js';

/**
 * Every model `pipeline` knows, one line each: its training family (names, flags with their
 * effective defaults, the trainer, loaded only when training) and the bundle kinds its runs save,
 * each with the code that serves it (loaded only when such a run is opened). Adding a model is a
 * folder under models/ plus one line here.
 */
export interface ModelEntry {
  family: ModelFamily;
  bundles: Record<string, () => Promise<BundleServing>>;
}

const dotProduct = async (): Promise<BundleServing> => ({ scorer: dotProductFromBundle });

export const MODELS: readonly ModelEntry[] = [
  { family: lightgcnFamily, bundles: { 'dot-product': dotProduct } },
  {
    family: hybridFamily,
    bundles: { 'lightgcn-ncf': async () => (await import('../models/hybrid/serving.js')).hybridServing },
  },
  { family: ncfFamily, bundles: { ncf: async () => (await import('../models/ncf/serving.js')).ncfServing } },
  {
    family: baselinesFamily,
    bundles: {
      itemknn: async () => (await import('../models/baselines/serving.js')).itemKnnServing,
      gfcf: async () => (await import('../models/baselines/serving.js')).gfcfServing,
      random: async () => (await import('../models/baselines/serving.js')).randomServing,
      'content-knn': async () => (await import('../models/baselines/serving.js')).contentKnnServing,
      ease: async () => (await import('../models/ease/serving.js')).easeServing,
    },
  },
  { family: fmFamily, bundles: {} },
  {
    family: multVaeFamily,
    bundles: { multvae: async () => (await import('../models/multvae/serving.js')).multVaeServing },
  },
];

export function modelNames(): string[] {
  return MODELS.flatMap((m) => m.family.names);
}

export function familyOf(name: string): ModelFamily | undefined {
  return MODELS.find((m) => m.family.names.includes(name))?.family;
}

/** The serving code of a saved bundle kind, or undefined for a kind no model writes. */
export async function bundleServing(kind: string): Promise<BundleServing | undefined> {
  const load = MODELS.map((m) => m.bundles[kind]).find((l) => l !== undefined);
  return load?.();
}

export function bundleKinds(): string[] {
  return MODELS.flatMap((m) => Object.keys(m.bundles));
}
