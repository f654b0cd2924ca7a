import type { CommandModule } from 'yargs';
interface SimilarArgs {
    run: string;
    graph?: string;
    item: string;
    k: number;
    exact: boolean;
    ann?: 'hnsw';
    ef?: number;
    json: boolean;
    quiet: boolean;
}
export declare const similarCommand: CommandModule<object, SimilarArgs>;
export {};
