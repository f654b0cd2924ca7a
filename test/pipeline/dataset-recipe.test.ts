import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDataset } from '../../data/datasets/index.js';
import { applyRecipe, recipeCommandLine } from '../../pipeline/dataset-recipe.js';

const DEFAULTS = { split: 'auto', 'test-ratio': 0.2, valid: 0 };

describe('dataset recipes', () => {
  it('fill the flags left at their defaults and keep the ones the user changed', () => {
    const recipe = findDataset('ml-25m').recipe;
    const a = applyRecipe(
      { split: 'auto', 'test-ratio': 0.2, valid: 0.05, out: 'g' },
      recipe,
      '/cache/ml-25m',
      DEFAULTS,
    );
    expect(a).toEqual({
      format: 'movielens',
      input: path.join('/cache/ml-25m', 'ml-25m'),
      split: 'temporal',
      'min-rating': 4,
      'test-ratio': 0.2,
      valid: 0.05,
      out: 'g',
    });
    const b = applyRecipe({ split: 'ratio', 'test-ratio': 0.2, valid: 0, 'min-rating': 3 }, recipe, '/c', DEFAULTS);
    expect(b).toMatchObject({ split: 'ratio', 'min-rating': 3, valid: 0.1 });
  });

  it('give the LightGCN splits their provided test file', () => {
    const line = recipeCommandLine(findDataset('gowalla').recipe, '/c/gowalla', 'graphs/gowalla');
    expect(line).toBe(
      'pipeline build-graph --format lightgcn --input /c/gowalla/train.txt --test /c/gowalla/test.txt --split provided --out graphs/gowalla',
    );
  });
});
