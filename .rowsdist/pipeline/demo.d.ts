import { type SyntheticOptions } from '../data/synthetic.js';
/**
 * `pipeline demo`: the main job end to end on generated data with planted structure, so a fresh
 * install shows every stage working without any download. Each stage prints what it produced.
 */
export interface DemoOptions {
    dir?: string;
    synthetic?: Partial<SyntheticOptions>;
    quiet?: boolean;
    print?: (text: string) => void;
}
export interface DemoResult {
    dir: string;
    graphDir: string;
    runDir: string;
    test: Record<string, number> | null;
}
export declare function runDemo(opts?: DemoOptions): Promise<DemoResult>;
