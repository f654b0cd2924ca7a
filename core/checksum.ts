/**
 * Checksums of artifacts that a later command reads (embeddings, model bundles, checkpoints, ANN
 * indexes): a `FILE.sha256` sidecar in `sha256sum` format is written after the file and checked
 * when it is opened, so a flipped byte or a truncated copy is refused with the file's name instead
 * of being served or crashing the reader.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { ArtifactError } from './errors.js';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function checksumFile(file: string): string {
  return `${file}.sha256`;
}

/** Records the checksum of `bytes` (the content just written to `file`). */
export async function writeChecksum(file: string, bytes: Uint8Array): Promise<void> {
  await writeFileAtomic(checksumFile(file), `${sha256Hex(bytes)}  ${path.basename(file)}\n`);
}

/** Reads `file` and records its checksum (for files written by code that does not hand back the bytes). */
export async function writeChecksumOf(file: string): Promise<void> {
  await writeChecksum(file, await fs.readFile(file));
}

/**
 * Verifies `bytes` (the content of `file`) against its sidecar. Returns false when there is no
 * sidecar (an artifact from before checksums), true when it matches; throws ArtifactError otherwise.
 */
export function verifyChecksum(file: string, bytes: Uint8Array, hint: string): boolean {
  const side = checksumFile(file);
  if (!existsSync(side)) return false;
  const expected = /^([0-9a-f]{64})\b/.exec(readFileSync(side, 'utf8'))?.[1];
  if (expected === undefined)
    throw new ArtifactError(`${path.basename(side)} is not a sha256 checksum file`, { file: side, hint });
  if (sha256Hex(bytes) !== expected) {
    throw new ArtifactError(
      `${path.basename(file)} is corrupted or truncated (${bytes.byteLength} bytes; its sha256 differs from the one recorded when it was written)`,
      { file, hint },
    );
  }
  return true;
}

/** Reads a file that must be present and verifies it; a missing file is an ArtifactError naming it. */
export async function readVerified(file: string, hint: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new ArtifactError(
      `cannot read ${path.basename(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { file, hint, cause: e },
    );
  }
  verifyChecksum(file, bytes, hint);
  return bytes;
}
