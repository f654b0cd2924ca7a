import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeDirAtomic } from '../../core/atomic.js';
import { ArtifactError } from '../../core/errors.js';
import { NcfNetwork } from './network.js';
import './layers.js'; // registers the custom layer classes the topology names

/**
 * Saving and loading NCF networks through tfjs's own model format: the model.json topology (with
 * the custom layers registered in layers.ts) plus one weights.bin, written by an IOHandler for the
 * file system (tfjs ships one only in tfjs-node, which we do not depend on). The same artifacts can
 * live in a run folder's model bundle (one named float32 array per weight), so a run is evaluated
 * from its checksummed bundle and exported as a standard tfjs folder.
 */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** The model's tfjs artifacts, captured in memory with tf.io.withSaveHandler. */
export async function modelArtifacts(net: NcfNetwork): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await net.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === null) throw new Error('tfjs did not hand the model artifacts to the save handler');
  return captured;
}

/** Rebuilds a network from artifacts (custom layers resolved through tf.serialization). */
export async function networkFromArtifacts(artifacts: tf.io.ModelArtifacts): Promise<NcfNetwork> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts), { strict: true });
  return NcfNetwork.fromModel(model);
}

function joinWeights(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * A file-system IOHandler: `save` writes DIR/model.json and DIR/weights.bin into a temporary folder
 * renamed into place (a crash never leaves half a model); `load` reads them back, checking sizes.
 */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('binary topologies are not supported');
      const weights = new Uint8Array(joinWeights(artifacts.weightData));
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      const text = JSON.stringify(json);
      await writeDirAtomic(dir, async (tmp) => {
        await fs.writeFile(path.join(tmp, WEIGHTS_BIN), weights);
        await fs.writeFile(path.join(tmp, MODEL_JSON), text);
      });
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: text.length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonFile = path.join(dir, MODEL_JSON);
      if (!existsSync(jsonFile))
        throw new ArtifactError(`no tfjs model in ${dir} (missing ${MODEL_JSON})`, {
          file: jsonFile,
          hint: 'pass the tfjs-model folder of a finished NCF run',
        });
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new ArtifactError(`${MODEL_JSON} is not valid JSON: ${(e as Error).message}`, {
          file: jsonFile,
          hint: 'retrain the run',
        });
      }
      const groups = json.weightsManifest ?? [];
      const specs = groups.flatMap((g) => g.weights);
      const buffers: Uint8Array[] = [];
      for (const group of groups) {
        for (const p of group.paths) {
          const file = path.join(dir, p);
          if (!existsSync(file))
            throw new ArtifactError(`weights file ${p} listed in ${MODEL_JSON} is missing`, {
              file,
              hint: 'retrain the run',
            });
          buffers.push(await fs.readFile(file));
        }
      }
      const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
      const total = buffers.reduce((n, b) => n + b.byteLength, 0);
      if (total !== expected) {
        throw new ArtifactError(`weights hold ${total} bytes, ${MODEL_JSON} describes ${expected}`, {
          file: path.join(dir, WEIGHTS_BIN),
          hint: 'the model folder is corrupted; retrain the run',
        });
      }
      const weightData = new Uint8Array(total);
      let off = 0;
      for (const b of buffers) {
        weightData.set(b, off);
        off += b.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: weightData.buffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/** Writes DIR/model.json + DIR/weights.bin atomically. */
export async function saveNcfModel(dir: string, net: NcfNetwork): Promise<void> {
  await net.model.save(fileSystemHandler(dir));
}

/** Loads a network saved by saveNcfModel (or any tfjs layers model with an NCF spec in its metadata). */
export async function loadNcfModel(dir: string): Promise<NcfNetwork> {
  const model = await tf.loadLayersModel(fileSystemHandler(dir), { strict: true });
  return NcfNetwork.fromModel(model);
}

/** Artifacts as a run-folder bundle: one float32 array per weight; topology and specs in the state. */
export function artifactsToBundle(artifacts: tf.io.ModelArtifacts): {
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
  state: Record<string, unknown>;
} {
  const data = joinWeights(artifacts.weightData);
  const specs = artifacts.weightSpecs ?? [];
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
  let off = 0;
  for (const s of specs) {
    if (s.dtype !== 'float32') throw new Error(`weight ${s.name} is ${s.dtype}; bundles hold float32 only`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    tensors[s.name] = { shape: [...s.shape], data: new Float32Array(data.slice(off, off + n * 4)) };
    off += n * 4;
  }
  return {
    tensors,
    state: {
      format: 'tfjs-layers',
      modelTopology: artifacts.modelTopology,
      weightSpecs: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })),
      userDefinedMetadata: artifacts.userDefinedMetadata,
      generatedBy: artifacts.generatedBy,
    },
  };
}

/** The inverse of artifactsToBundle. */
export function artifactsFromBundle(bundle: {
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
  state: Record<string, unknown>;
}): tf.io.ModelArtifacts {
  const specs = bundle.state.weightSpecs as tf.io.WeightsManifestEntry[] | undefined;
  if (!Array.isArray(specs) || bundle.state.modelTopology === undefined) {
    throw new ArtifactError('the model bundle holds no tfjs topology or weight specs', {
      hint: 'retrain the run with this version of pipeline',
    });
  }
  const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  const weights = new Float32Array(total);
  let off = 0;
  for (const s of specs) {
    const t = bundle.tensors[s.name];
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (t === undefined || t.data.length !== n)
      throw new ArtifactError(`the model bundle lacks weight ${s.name} (or its size differs)`, {
        hint: 'retrain the run',
      });
    weights.set(t.data, off);
    off += n;
  }
  return {
    modelTopology: bundle.state.modelTopology as {},
    weightSpecs: specs,
    weightData: weights.buffer,
    format: 'layers-model',
    generatedBy: bundle.state.generatedBy as string | undefined,
    userDefinedMetadata: bundle.state.userDefinedMetadata as { [key: string]: {} } | undefined,
  };
}
