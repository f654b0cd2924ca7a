import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DownloadError } from '../../core/errors.js';
import { Progress } from '../../core/progress.js';

/**
 * Downloads `url` into `part`, resuming from the bytes already there with an HTTP Range request.
 * A server that ignores Range (200 instead of 206) is followed by starting over, so a resumed file
 * is never a mix of two responses. Any failure leaves `part` as it was written so far (a rerun
 * resumes) and throws a DownloadError that says how far it got.
 */
export interface DownloadOptions {
  /** Shown before the bar; no bar when undefined. */
  label?: string;
  /** Expected size for the bar when the server does not say. */
  approxBytes?: number;
  silent?: boolean;
}

export interface DownloadResult {
  bytes: number;
  /** Bytes that were already on disk and not fetched again. */
  resumedFrom: number;
}

export async function downloadResumable(
  url: string,
  part: string,
  opts: DownloadOptions = {},
): Promise<DownloadResult> {
  let have = await fileSize(part);
  const headers: Record<string, string> = { 'user-agent': 'pipeline-datasets' };
  if (have > 0) headers.range = `bytes=${have}-`;
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: 'follow' });
  } catch (e) {
    throw new DownloadError(`cannot reach ${url}: ${causeOf(e)}`, {
      hint: 'check the network (or set PIPELINE_DATASET_MIRROR to a mirror)',
    });
  }
  if (res.status === 416 && have > 0) {
    // Range not satisfiable: the part already holds the whole file (or more than the server has).
    const total = totalFromContentRange(res.headers.get('content-range'));
    await res.body?.cancel();
    if (total === have) return { bytes: have, resumedFrom: have };
    await fs.rm(part, { force: true });
    return downloadResumable(url, part, opts);
  }
  let total: number | null;
  if (res.status === 206 && have > 0) {
    const range = res.headers.get('content-range') ?? '';
    if (!range.startsWith(`bytes ${have}-`)) {
      await res.body?.cancel();
      throw new DownloadError(`server answered the resume request with "${range}", not bytes ${have}-`, {
        hint: `delete ${part} to start over`,
      });
    }
    total = totalFromContentRange(range);
  } else if (res.status === 200) {
    have = 0; // Range ignored: start over.
    const len = res.headers.get('content-length');
    total = len === null ? null : Number(len);
  } else {
    await res.body?.cancel();
    throw new DownloadError(`HTTP ${res.status} ${res.statusText} for ${url}`, {
      hint: res.status === 404 ? 'the address moved: report it, or set PIPELINE_DATASET_MIRROR' : 'try again later',
    });
  }
  if (res.body === null) throw new DownloadError(`empty response from ${url}`);

  const bar =
    opts.label === undefined
      ? null
      : new Progress({
          label: opts.label,
          total: total ?? opts.approxBytes ?? 0,
          unit: 'B',
          silent: opts.silent,
          plainEverySeconds: 5,
        });
  let written = have;
  bar?.tick(have);
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      bar?.tick(chunk.length);
      done(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(res.body as unknown as WebReadableStream),
      count,
      createWriteStream(part, { flags: have > 0 ? 'a' : 'w' }),
    );
  } catch (e) {
    throw new DownloadError(
      `download of ${url} cut after ${written}${total === null ? '' : ` of ${total}`} bytes: ${causeOf(e)}`,
      {
        file: part,
        hint: 'run the same command again: it resumes where it stopped',
      },
    );
  }
  bar?.finish();
  if (total !== null && written !== total) {
    throw new DownloadError(`download of ${url} ended after ${written} of ${total} bytes`, {
      file: part,
      hint: 'run the same command again: it resumes where it stopped',
    });
  }
  return { bytes: written, resumedFrom: have };
}

export async function fileDigests(file: string): Promise<{ sha256: string; md5: string; bytes: number }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    sha.update(chunk as Buffer);
    md5.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: sha.digest('hex'), md5: md5.digest('hex'), bytes };
}

async function fileSize(file: string): Promise<number> {
  return fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

function totalFromContentRange(h: string | null): number | null {
  const m = /\/(\d+)\s*$/.exec(h ?? '');
  return m ? Number(m[1]) : null;
}

function causeOf(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message ?? String(e)} (${cause})` : (err.message ?? String(e));
}
