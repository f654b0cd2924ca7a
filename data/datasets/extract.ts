import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { DataError } from '../../core/errors.js';

/**
 * Extracts a zip archive into `dir` with yauzl, entry by entry (streamed: ml-25m is 1.1 GB
 * unpacked). yauzl reads the central directory first, so a truncated archive fails before anything
 * is written, and it refuses entry names that would escape `dir` ("../", absolute paths).
 * The caller extracts into a temporary folder and renames it, so a failure leaves nothing behind.
 */
export async function extractZip(archive: string, dir: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(archive, { lazyEntries: true, autoClose: true }, (err, z) =>
      err ? reject(damaged(archive, err)) : resolve(z),
    );
  });
  const written: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(damaged(archive, e));
    };
    zip.on('error', fail);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const target = path.join(dir, entry.fileName);
      if (entry.fileName.endsWith('/')) {
        fs.mkdir(target, { recursive: true }).then(() => zip.readEntry(), fail);
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        fs.mkdir(path.dirname(target), { recursive: true })
          .then(() => pipeline(stream, createWriteStream(target)))
          .then(() => {
            written.push(entry.fileName);
            zip.readEntry();
          }, fail);
      });
    });
    zip.readEntry();
  });
  return written;
}

function damaged(archive: string, e: unknown): DataError {
  return new DataError(`the zip archive is damaged or incomplete: ${(e as Error).message ?? String(e)}`, {
    file: archive,
    hint: 'it was deleted from the cache; fetch again to download it anew',
  });
}
