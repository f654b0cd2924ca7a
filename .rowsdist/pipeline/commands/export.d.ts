import type { CommandModule } from 'yargs';
import { type ExportFormat } from '../export/index.js';
import type { ExportNodes } from '../export/table.js';
interface ExportArgs {
    run: string;
    graph?: string;
    format?: ExportFormat;
    out?: string;
    nodes: ExportNodes;
    ann?: 'hnsw';
    m: number;
    'ef-construction': number;
    ef: number;
    json: boolean;
    quiet: boolean;
}
export declare const exportCommand: CommandModule<object, ExportArgs>;
export {};
