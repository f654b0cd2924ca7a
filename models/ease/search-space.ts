import { easeLambda, type DataShape } from '../data-shape.js';
import type { FamilySearch } from '../search/space.js';

/** EASE has one parameter: λ, log-uniform from a quarter to eight times its data-aware default (validation optima measured at 0.7–20x). */
export function easeSearchSpace(shape: DataShape): FamilySearch {
  const lambda = easeLambda(shape);
  return { space: { lambda: { kind: 'range', min: lambda / 4, max: lambda * 8, log: true } }, defaults: { lambda } };
}
