import type { CommandModule } from 'yargs';
import { type FoldInMethod } from '../recommend.js';
import { type ExcludeMode } from '../serve/model.js';
interface RecommendArgs {
    run: string;
    graph?: string;
    user?: string;
    history?: string;
    k: number;
    exclude: ExcludeMode;
    'fold-in': FoldInMethod;
    json: boolean;
    quiet: boolean;
}
export declare const recommendCommand: CommandModule<object, RecommendArgs>;
export {};
