import * as tf from '@tensorflow/tfjs';
import { NcfNetwork, mlpDenseNames } from './network.js';
import type { NcfSpec } from './spec.js';

/**
 * NeuMF initialised from a trained GMF and a trained MLP (He et al. 2017, section 3.4.1): the
 * embeddings and tower are copied, and the output layer is h = [α·h_GMF ; (1−α)·h_MLP] with bias
 * α·b_GMF + (1−α)·b_MLP, so before fine-tuning NeuMF's logit is exactly α·GMF + (1−α)·MLP.
 */
export function neumfFromPretrained(
  gmf: NcfNetwork,
  mlp: NcfNetwork,
  opts: { alpha?: number; seed: number },
): NcfNetwork {
  const alpha = opts.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  const g = gmf.spec;
  const m = mlp.spec;
  if (g.kind !== 'gmf') throw new RangeError(`the first pre-trained model must be gmf, got ${g.kind}`);
  if (m.kind !== 'mlp') throw new RangeError(`the second pre-trained model must be mlp, got ${m.kind}`);
  if (g.numUsers !== m.numUsers || g.numItems !== m.numItems) {
    throw new RangeError(
      `the GMF (${g.numUsers} users, ${g.numItems} items) and MLP (${m.numUsers}, ${m.numItems}) runs are on different graphs`,
    );
  }
  if (g.objective !== m.objective)
    throw new RangeError(`the GMF run has objective ${g.objective}, the MLP run ${m.objective}`);
  const spec: NcfSpec = { ...g, kind: 'neumf', layers: [...m.layers], seed: opts.seed };
  const net = NcfNetwork.build(spec);
  for (const name of ['gmf_user', 'gmf_item']) net.setTableValues(name, gmf.tableValues(name));
  for (const name of ['mlp_user', 'mlp_item']) net.setTableValues(name, mlp.tableValues(name));
  for (const name of mlpDenseNames(spec)) net.model.getLayer(name).setWeights(mlp.model.getLayer(name).getWeights());
  const [hg, bg] = gmf.model.getLayer('prediction').getWeights();
  const [hm, bm] = mlp.model.getLayer('prediction').getWeights();
  tf.tidy(() => {
    const kernel = tf.concat([tf.mul(hg, alpha), tf.mul(hm, 1 - alpha)], 0);
    const bias = tf.add(tf.mul(bg, alpha), tf.mul(bm, 1 - alpha));
    net.model.getLayer('prediction').setWeights([kernel, bias]);
  });
  return net;
}
