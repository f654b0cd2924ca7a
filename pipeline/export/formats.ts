/** Embedding file formats of `pipeline export`. */
export const EXPORT_FORMATS = ['arrow', 'parquet', 'tsv', 'npy'] as const;
