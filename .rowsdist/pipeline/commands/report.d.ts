import type { CommandModule } from 'yargs';
import type { ColorBy } from '../report/data.js';
interface ReportArgs {
    run: string;
    graph?: string;
    out?: string;
    'max-points': number;
    'color-by': ColorBy;
    seed: number;
    json: boolean;
    quiet: boolean;
}
export declare const reportCommand: CommandModule<object, ReportArgs>;
export {};
