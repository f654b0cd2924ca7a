/** Defaults of the pgvector options, in a module of their own so the CLI can show them without loading `pg`. */
export const DEFAULT_PG_TABLE = 'pipeline_embeddings';
