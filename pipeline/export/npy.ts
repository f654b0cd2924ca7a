import { endianness } from 'node:os';
import { ArtifactError } from '../../core/errors.js';

/**
 * NumPy's .npy format, version 1.0: magic "\x93NUMPY", version bytes, a little-endian uint16 header
 * length, a Python-literal header dict padded with spaces to a 64-byte boundary and ending in "\n",
 * then the raw C-order data. Only float32 matrices are written ("<f4"); the reader also accepts
 * version 2.0/3.0 headers (uint32 length).
 */
const MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY

/** The header and data of a rows x cols float32 matrix as .npy bytes (two parts, to avoid a copy). */
export function encodeNpy(data: Float32Array, rows: number, cols: number): [Uint8Array, Uint8Array] {
  if (data.length !== rows * cols) throw new RangeError(`npy: ${data.length} values for shape (${rows}, ${cols})`);
  if (endianness() !== 'LE') throw new Error('npy export assumes a little-endian machine');
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const pad = (64 - (unpadded % 64)) % 64;
  const header = dict + ' '.repeat(pad) + '\n';
  if (header.length > 0xffff) throw new RangeError('npy header too long for version 1.0');
  const head = new Uint8Array(MAGIC.length + 4 + header.length);
  head.set(MAGIC, 0);
  head[6] = 1; // major
  head[7] = 0; // minor
  head[8] = header.length & 0xff;
  head[9] = header.length >> 8;
  head.set(Buffer.from(header, 'latin1'), 10);
  return [head, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
}

/** Parses a .npy holding a 1-D or 2-D little-endian float32 array in C order. */
export function decodeNpy(bytes: Uint8Array, file = '<npy>'): { data: Float32Array; shape: number[] } {
  const bad = (why: string) => new ArtifactError(`not a float32 .npy matrix: ${why}`, { file });
  if (bytes.length < 10 || !MAGIC.every((b, k) => bytes[k] === b)) throw bad('missing the \\x93NUMPY magic');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [lenBytes, headerLen] =
    major === 1 ? [2, view.getUint16(8, true)] : major === 2 || major === 3 ? [4, view.getUint32(8, true)] : [0, -1];
  if (headerLen < 0) throw bad(`unsupported version ${major}.${bytes[7]}`);
  const start = 8 + lenBytes;
  const header = Buffer.from(bytes.subarray(start, start + headerLen)).toString('latin1');
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4') throw bad(`dtype ${descr ?? '?'} (expected <f4)`);
  if (fortran !== 'False') throw bad('Fortran order is not supported');
  if (shapeText === undefined) throw bad('no shape in the header');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw bad(`shape (${shapeText})`);
  const n = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (bytes.length - offset !== n * 4) throw bad(`${bytes.length - offset} data bytes for shape (${shape.join(', ')})`);
  const data = new Float32Array(n);
  new Uint8Array(data.buffer).set(bytes.subarray(offset));
  return { data, shape };
}
