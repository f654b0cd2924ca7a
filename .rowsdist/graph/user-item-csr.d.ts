import type { Csr } from './csr.js';
import type { InteractionTable } from '../data/types.js';
/**
 * Users x items CSR of the interactions whose split code is in `splits` (duplicates collapsed,
 * columns sorted), built by counting sort. Used for masks (train items) and relevance sets (test).
 */
export declare function userItemCsr(t: InteractionTable, numUsers: number, numItems: number, splits: readonly number[]): Csr;
