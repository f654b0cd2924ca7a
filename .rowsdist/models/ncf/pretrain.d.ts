import { NcfNetwork } from './network.js';
/**
 * NeuMF initialised from a trained GMF and a trained MLP (He et al. 2017, section 3.4.1): the
 * embeddings and tower are copied, and the output layer is h = [α·h_GMF ; (1−α)·h_MLP] with bias
 * α·b_GMF + (1−α)·b_MLP, so before fine-tuning NeuMF's logit is exactly α·GMF + (1−α)·MLP.
 */
export declare function neumfFromPretrained(gmf: NcfNetwork, mlp: NcfNetwork, opts: {
    alpha?: number;
    seed: number;
}): NcfNetwork;
