/**
 * The demo's serving stages, run after training: export the embeddings (Arrow + Projector TSV),
 * build the HNSW index, show similar items and recommendations (a known user and a new one folded
 * in from three items), and write the HTML report. `first` numbers the stage headings.
 */
export interface ServingStagesResult {
    exportFile: string;
    projectorDir: string;
    reportFile: string;
    similarTo: string;
}
export declare function runServingStages(opts: {
    runDir: string;
    dir: string;
    first: number;
    print: (line: string) => void;
    quiet?: boolean;
}): Promise<ServingStagesResult>;
