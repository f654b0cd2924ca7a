/** The NCF family (GMF, MLP, NeuMF; He et al., WWW 2017) and biased MF as tfjs layers models. */
export {
  GlobalBias,
  NcfDense,
  matMulFast,
  type DenseActivation,
  type KernelInit,
  type NcfDenseArgs,
  type GlobalBiasArgs,
} from './layers.js';
export { NCF_KINDS, checkSpec, usesGmf, usesMlp, type NcfKind, type NcfObjective, type NcfSpec } from './spec.js';
export { NcfNetwork, mlpDenseNames, ncfTables, type TableInfo, type TableSide } from './network.js';
export { neumfFromPretrained } from './pretrain.js';
export { ncfScorer, type NcfScorer, type NcfScorerOptions } from './scorer.js';
export {
  MODEL_JSON,
  WEIGHTS_BIN,
  artifactsFromBundle,
  artifactsToBundle,
  fileSystemHandler,
  loadNcfModel,
  modelArtifacts,
  networkFromArtifacts,
  saveNcfModel,
} from './io.js';
