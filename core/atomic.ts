import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file through a temporary sibling and a rename, so a crash never leaves a half-written
 * artifact under the final name.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Builds a whole folder under a temporary name and renames it into place, replacing any previous
 * folder of that name only once the new one is complete.
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  await fs.mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  // Not recursive: the parent exists, and a recursive mkdir reports a read-only disk as ENOENT.
  await fs.mkdir(tmp);
  try {
    await fill(tmp);
    const old = `${tmp}.old`;
    const existed = await fs
      .rename(dir, old)
      .then(() => true)
      .catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw e;
      });
    await fs.rename(tmp, dir);
    if (existed) await fs.rm(old, { recursive: true, force: true });
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
