/**
 * Strict UTF-8 for streamed text: Node's decoders replace invalid bytes with U+FFFD, which made
 * distinct ids with different broken bytes collapse into one. This validates each chunk (fast,
 * `buffer.isUtf8`) carrying an incomplete trailing sequence over to the next chunk, and on failure
 * finds the exact byte so the error can name the line.
 */
import { isUtf8 } from 'node:buffer';

export class Utf8Stream {
  private pending: Buffer = Buffer.alloc(0);

  /** Offset in `chunk` of the first invalid byte (0 when the invalid sequence began in the previous chunk), or -1. */
  check(chunk: Buffer): number {
    const region = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = completeLength(region);
    const carried = this.pending.length;
    this.pending = Buffer.from(region.subarray(cut));
    if (isUtf8(region.subarray(0, cut))) return -1;
    return Math.max(0, firstInvalidUtf8(region.subarray(0, cut)) - carried);
  }

  /** At the end of the input: -1, or 0 when the file ends inside a multi-byte sequence. */
  end(): number {
    return this.pending.length > 0 ? 0 : -1;
  }
}

/** Length of the prefix of `b` that does not end inside a multi-byte sequence. */
function completeLength(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return back < need ? n - back : n;
  }
  return n;
}

/** Index of the first byte of `b` that starts an invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= b.length) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line of byte `offset` in `chunk`, given `linesBefore` complete lines before the chunk. */
export function lineOfOffset(chunk: Uint8Array, offset: number, linesBefore: number): number {
  let line = linesBefore + 1;
  for (let i = 0; i < offset && i < chunk.length; i++) if (chunk[i] === 10) line++;
  return line;
}
