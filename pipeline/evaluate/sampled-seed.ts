/** Seed of the negatives drawn for the sampled (NCF) protocol, fixed so that runs compare on the same cases. */
export const DEFAULT_SAMPLED_SEED = 1;
