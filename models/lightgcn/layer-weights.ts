/** LightGCN's layer weights α_k = 1/(K+1), k = 0..K: the final embedding is the mean of the layers. */
export function defaultLayerWeights(layers: number): Float32Array {
  return new Float32Array(layers + 1).fill(1 / (layers + 1));
}
