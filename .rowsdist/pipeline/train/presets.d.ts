import { type LightGcnConfig } from '../../models/lightgcn.js';
/**
 * Named LightGCN settings. Explicit flags override any preset value.
 * - paper: He et al. (SIGIR 2020) exactly: BPR, batch 2048, lr 1e-3, L2 1e-4, 3 layers, d = 64.
 * - fast: fewer, larger steps with a sampled-softmax loss (see BENCHMARKS.md for what it reaches and how fast).
 */
export interface LightGcnPreset extends LightGcnConfig {
    epochs: number;
    evalEvery: number;
    patience: number;
}
export declare const LIGHTGCN_PRESETS: Record<string, LightGcnPreset>;
