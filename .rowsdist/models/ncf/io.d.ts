import * as tf from '@tensorflow/tfjs';
import { NcfNetwork } from './network.js';
import './layers.js';
/**
 * Saving and loading NCF networks through tfjs's own model format: the model.json topology (with
 * the custom layers registered in layers.ts) plus one weights.bin, written by an IOHandler for the
 * file system (tfjs ships one only in tfjs-node, which we do not depend on). The same artifacts can
 * live in a run folder's model bundle (one named float32 array per weight), so a run is evaluated
 * from its checksummed bundle and exported as a standard tfjs folder.
 */
export declare const MODEL_JSON = "model.json";
export declare const WEIGHTS_BIN = "weights.bin";
/** The model's tfjs artifacts, captured in memory with tf.io.withSaveHandler. */
export declare function modelArtifacts(net: NcfNetwork): Promise<tf.io.ModelArtifacts>;
/** Rebuilds a network from artifacts (custom layers resolved through tf.serialization). */
export declare function networkFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<NcfNetwork>;
/**
 * A file-system IOHandler: `save` writes DIR/model.json and DIR/weights.bin into a temporary folder
 * renamed into place (a crash never leaves half a model); `load` reads them back, checking sizes.
 */
export declare function fileSystemHandler(dir: string): tf.io.IOHandler;
/** Writes DIR/model.json + DIR/weights.bin atomically. */
export declare function saveNcfModel(dir: string, net: NcfNetwork): Promise<void>;
/** Loads a network saved by saveNcfModel (or any tfjs layers model with an NCF spec in its metadata). */
export declare function loadNcfModel(dir: string): Promise<NcfNetwork>;
/** Artifacts as a run-folder bundle: one float32 array per weight; topology and specs in the state. */
export declare function artifactsToBundle(artifacts: tf.io.ModelArtifacts): {
    tensors: Record<string, {
        shape: number[];
        data: Float32Array;
    }>;
    state: Record<string, unknown>;
};
/** The inverse of artifactsToBundle. */
export declare function artifactsFromBundle(bundle: {
    tensors: Record<string, {
        shape: number[];
        data: Float32Array;
    }>;
    state: Record<string, unknown>;
}): tf.io.ModelArtifacts;
