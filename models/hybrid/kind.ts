/** The bundle kind of lightgcn-ncf runs. */
export const HYBRID_KIND = 'lightgcn-ncf';
