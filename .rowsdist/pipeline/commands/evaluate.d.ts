import type { CommandModule } from 'yargs';
interface EvaluateArgs {
    run: string;
    graph?: string;
    split: 'test' | 'valid';
    k: string;
    protocol: 'full' | 'sampled';
    negatives: number;
    seed: number;
    json: boolean;
    quiet: boolean;
}
export declare const evaluateCommand: CommandModule<object, EvaluateArgs>;
export {};
