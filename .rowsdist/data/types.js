/**
 * The shapes that flow from the readers through filtering and splitting into the graph store.
 * Ids are interned into dense indices as rows stream in; the original ids stay in the IdMaps.
 */
/** Split codes stored per interaction. */
export const Split = { train: 0, valid: 1, test: 2 };
export const SPLIT_NAMES = ['train', 'valid', 'test'];
//# sourceMappingURL=types.js.map