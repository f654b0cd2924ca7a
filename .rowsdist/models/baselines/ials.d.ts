/**
 * Implicit ALS (Hu, Koren & Volinsky 2008) with conjugate-gradient solves (Takács, Pilászy & Tikk
 * 2011). With preference p_ui = 1 on training interactions (0 elsewhere) and confidence
 * c_ui = 1 + α p_ui it minimises
 *
 *   Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
 *
 * alternating users and items. Each row solves (YᵀY + λI + α Σ_{i ∈ r_u} y_i y_iᵀ) x_u = (1+α) Σ_{i ∈ r_u} y_i
 * by a few CG steps warm-started at its current value. The CG runs for all rows at once: the shared
 * part P·YᵀY is one dense GEMM per step (native SpMM on a dense CSR), the per-row part touches only
 * the row's own interactions (a dot product and an axpy per interaction), and YᵀY is computed
 * once per half-sweep. Everything lives in flat typed arrays.
 */
import type { Csr } from '../../graph/csr.js';
import type { Rng } from '../../pipeline/util/rng.js';
export interface IalsConfig {
    factors: number;
    /** Confidence weight α of observed interactions. */
    alpha: number;
    /** L2 regularisation λ. */
    reg: number;
    /** CG steps per row and half-sweep. */
    cgSteps: number;
    /** Std of the normal initialisation (default 0.1 / √factors). */
    initStd?: number;
}
export interface IalsFactors {
    /** numUsers x factors. */
    users: Float32Array;
    /** numItems x factors. */
    items: Float32Array;
}
/** Small random factors (std default 0.1 / √f, so initial scores are ~0.01). */
export declare function initIals(numUsers: number, numItems: number, cfg: IalsConfig, rng: Rng): IalsFactors;
/** One ALS iteration: users given items, then items given users. */
export declare function ialsSweep(userItems: Csr, itemUsers: Csr, factors: IalsFactors, cfg: IalsConfig): void;
/**
 * Updates x (rows x f) in place given the fixed side y (cols x f); r is rows x cols, binary
 * (stored values, such as ratings, are ignored).
 */
export declare function ialsHalfSweep(r: Csr, x: Float32Array, y: Float32Array, cfg: IalsConfig): void;
/**
 * The iALS objective Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²), in O((users + items) f² + nnz f)
 * via Σ_{all u,i} (x_u·y_i)² = ⟨XᵀX, YᵀY⟩.
 */
export declare function ialsObjective(userItems: Csr, factors: IalsFactors, cfg: IalsConfig): number;
