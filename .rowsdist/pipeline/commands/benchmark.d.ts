import type { CommandModule } from 'yargs';
interface BenchmarkArgs {
    dataset: string;
    models?: string;
    quick: boolean;
    data: string;
    work: string;
    out?: string;
    quiet: boolean;
}
export declare const benchmarkCommand: CommandModule<object, BenchmarkArgs>;
export {};
