import { type ScorerFactory } from '../scorer-registry.js';
/**
 * Makes `openRun` (pipeline evaluate, recommend, serve) able to score NCF runs: the model bundle is
 * turned back into the tfjs network and wrapped in an NCF scorer (pair scoring included).
 */
export declare const ncfScorerFactory: ScorerFactory;
