import type { CommandModule } from 'yargs';
import type { FoldInMethod } from '../recommend.js';
interface ServeArgs {
    run: string;
    graph?: string;
    port: number;
    host: string;
    exact: boolean;
    ann?: 'hnsw';
    ef?: number;
    'max-k': number;
    'body-limit': number;
    'fold-in': FoldInMethod;
    quiet: boolean;
}
export declare const serveCommand: CommandModule<object, ServeArgs>;
export {};
