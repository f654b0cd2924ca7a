/**
 * Streams a text file line by line without ever holding the whole file in one string: 1 MiB chunks
 * are decoded (UTF-8 or Latin-1), split on '\n', and handed to a synchronous callback with their
 * 1-based line number. A UTF-8 byte-order mark and CRLF line ends are removed.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { DataError } from '../core/errors.js';
import { Progress } from '../core/progress.js';
import { Utf8Stream, lineOfOffset } from './utf8-check.js';

export type TextEncoding = 'utf8' | 'latin1';

export interface LineReadOptions {
  encoding?: TextEncoding;
  /** Show a byte progress bar on stderr (long files). */
  progress?: boolean;
  /** A line longer than this is treated as a binary or broken file. */
  maxLineLength?: number;
}

export type LineHandler = (line: string, lineNo: number) => void;

const CHUNK = 1 << 20;

/** Checks that `file` exists and is a regular file; returns its size in bytes. */
export async function requireFile(file: string, what = 'input file'): Promise<number> {
  let st;
  try {
    st = await fs.stat(file);
  } catch {
    throw new DataError(`${what} not found`, {
      file,
      hint: 'check the path (relative paths are resolved from the current directory)',
    });
  }
  if (!st.isFile()) {
    throw new DataError(`${what} is not a regular file`, {
      file,
      hint: st.isDirectory() ? 'this format reads a file, not a folder' : undefined,
    });
  }
  return st.size;
}

/** Calls `onLine` for every line of `file`; returns the number of lines. */
export async function forEachLine(file: string, onLine: LineHandler, opts: LineReadOptions = {}): Promise<number> {
  const size = await requireFile(file);
  const maxLine = opts.maxLineLength ?? 64 << 20;
  const decoder = new StringDecoder(opts.encoding ?? 'utf8');
  const progress = opts.progress
    ? new Progress({ label: `reading ${file}`, total: Math.ceil(size / 1e6), unit: 'MB' })
    : null;
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  let carry = '';
  let lineNo = 0;
  let atStart = true;
  let bytes = 0;
  const utf8 = (opts.encoding ?? 'utf8') === 'utf8' ? new Utf8Stream() : null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const bad = utf8 ? utf8.check(chunk) : -1;
    if (bad >= 0) {
      stream.destroy();
      throw invalidUtf8(file, lineOfOffset(chunk, bad, lineNo));
    }
    let text = decoder.write(chunk);
    if (atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      atStart = false;
    }
    if (carry.length > 0) text = carry + text;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      onLine(text.slice(start, end), ++lineNo);
      start = nl + 1;
    }
    carry = start === 0 ? text : text.slice(start);
    if (carry.length > maxLine) {
      stream.destroy();
      throw new DataError(`line ${lineNo + 1} is longer than ${maxLine} characters`, {
        file,
        line: lineNo + 1,
        hint: 'is this a binary file (use --format arrow|parquet) or a file without line breaks?',
      });
    }
    if (progress) {
      const mb = Math.floor((bytes += chunk.length) / 1e6);
      if (mb > 0) {
        progress.tick(mb);
        bytes -= mb * 1e6;
      }
    }
  }
  if (utf8 && utf8.end() >= 0) throw invalidUtf8(file, lineNo + 1);
  const tail = carry + decoder.end();
  if (tail.length > 0) {
    const text = atStart && tail.charCodeAt(0) === 0xfeff ? tail.slice(1) : tail;
    const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
    onLine(text.slice(0, end), ++lineNo);
  }
  progress?.finish();
  return lineNo;
}

function invalidUtf8(file: string, line: number): DataError {
  return new DataError('invalid UTF-8 bytes (the file is not UTF-8 text, or is damaged)', {
    file,
    line,
    hint: 'convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8 in > out); distinct ids must not be merged by guessing',
  });
}

/**
 * A copy of `s` that does not pin the string it was sliced from. V8 represents substrings of 13+
 * characters as views into their parent, so interning one id would keep a whole 1 MiB chunk alive.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}
