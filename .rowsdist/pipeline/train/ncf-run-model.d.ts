import type { NcfNetwork } from '../../models/ncf/network.js';
import { RunFolder, type RunRecord, type TensorBundle } from '../run-folder.js';
/**
 * Where an NCF run keeps its selected model: the run folder's model bundle (the tfjs artifacts as
 * checksummed float32 arrays plus the topology, which `pipeline evaluate` loads) and RUN/tfjs-model/
 * (model.json + weights.bin, the standard tfjs layout for use outside pipeline).
 */
export declare const NCF_BUNDLE_KIND = "ncf";
export declare const TFJS_MODEL_DIR = "tfjs-model";
export interface NcfModelState {
    epoch: number;
    objective: string;
    /** Clipping range of rating predictions (rating runs). */
    ratingRange?: [number, number];
}
export declare function saveNcfRunModel(run: RunFolder, net: NcfNetwork, state: NcfModelState): Promise<void>;
export declare function networkFromBundle(bundle: {
    tensors: TensorBundle;
    state: Record<string, unknown>;
}): Promise<NcfNetwork>;
/** The selected network of a finished NCF run (for pre-training NeuMF), checked against the graph. */
export declare function loadNcfRun(dir: string, graphChecksum: string): Promise<{
    net: NcfNetwork;
    record: RunRecord;
}>;
