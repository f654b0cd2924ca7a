import { type IalsConfig } from '../../models/baselines/ials.js';
import { type ItemKnnConfig } from '../../models/baselines/itemknn.js';
import type { BaselineContext, FittedBaseline } from './baselines-run.js';
export declare function fitPop(ctx: BaselineContext): Promise<FittedBaseline>;
export declare function fitItemKnn(ctx: BaselineContext, cfg: ItemKnnConfig): Promise<FittedBaseline>;
export interface SvdFitConfig {
    rank: number;
    oversample: number;
    powerIterations: number;
}
export declare function fitSvd(ctx: BaselineContext, cfg: SvdFitConfig): Promise<FittedBaseline>;
export interface GfcfFitConfig extends SvdFitConfig {
    alpha: number;
}
export declare function fitGfcfRun(ctx: BaselineContext, cfg: GfcfFitConfig): Promise<FittedBaseline>;
export interface IalsRunConfig extends IalsConfig {
    iterations: number;
    /** Evaluate on the selection split every N iterations and keep the best (0: keep the last). */
    evalEvery: number;
    patience: number;
}
/** iALS sweeps with an atomic checkpoint after each (for --resume) and optional selection. */
export declare function fitIals(ctx: BaselineContext, cfg: IalsRunConfig): Promise<FittedBaseline>;
