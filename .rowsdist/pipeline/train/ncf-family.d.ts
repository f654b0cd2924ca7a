import type { ModelFamily } from './family.js';
/**
 * The NCF family (He et al., WWW 2017) and biased MF:
 *   --model mf      biased matrix factorisation on ratings (--dim 0: biases only; --no-biases --dim 0: global mean)
 *   --model gmf     generalised MF, --dim factors
 *   --model mlp     MLP tower over [p_u; q_i], --layers 64,32,16,8
 *   --model neumf   GMF + MLP with separate embeddings; --pretrain GMF_RUN,MLP_RUN to start from them
 */
export declare const ncfFamily: ModelFamily;
