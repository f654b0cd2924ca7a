import { spmm } from '../../graph/kernels.js';
import { csrOperator, randomizedSvd } from './svd.js';
export function fitPureSvd(userItems, itemUsers, opts) {
    // Binary structure: rating values (if any) do not weight PureSVD's implicit matrix.
    const r = { ...userItems, values: null };
    const rT = { ...itemUsers, values: null };
    const svd = randomizedSvd(csrOperator(r, rT), opts.rank, { rng: opts.rng, oversample: opts.oversample, powerIterations: opts.powerIterations, log: opts.log });
    const dim = svd.rank;
    const users = dim > 0 ? spmm(r, svd.v, dim) : new Float32Array(0);
    return { dim, users, items: svd.v, singularValues: svd.s };
}
//# sourceMappingURL=puresvd.js.map