/**
 * Ordinary operating-system errors (a read-only folder, a full disk, a port in use) are the user's
 * to fix, not bugs: they become one-line PipelineErrors naming the path or address and what to do.
 */
import { PipelineError } from './errors.js';

/** The errno codes a user can cause and the hint shown for each. */
const HINTS: Record<string, { what: string; hint: string }> = {
  EACCES: { what: 'permission denied', hint: 'check the permissions of the path, or choose another location' },
  EPERM: { what: 'operation not permitted', hint: 'check the permissions of the path, or choose another location' },
  EEXIST: { what: 'already exists', hint: 'remove it or choose another path' },
  EBUSY: { what: 'resource busy (in use, or a mount point)', hint: 'close what uses it, or choose another path' },
  EADDRINUSE: {
    what: 'address already in use',
    hint: 'another process listens there: choose another --port (0 picks a free one)',
  },
  EADDRNOTAVAIL: { what: 'address not available on this machine', hint: 'check --host' },
  ENOSPC: { what: 'no space left on device', hint: 'free disk space, or write to another disk' },
  EDQUOT: { what: 'disk quota exceeded', hint: 'free disk space, or write to another disk' },
  ENOENT: {
    what: 'no such file or folder',
    hint: 'check the path (relative paths are resolved from the current folder)',
  },
  EROFS: { what: 'read-only file system', hint: 'write to a writable location' },
  EISDIR: { what: 'is a folder, a file was expected', hint: 'give a file path' },
  ENOTDIR: { what: 'a part of the path is not a folder', hint: 'check the path' },
  ENOTEMPTY: { what: 'folder not empty', hint: 'choose another path' },
  EMFILE: { what: 'too many open files', hint: 'raise the limit (ulimit -n)' },
  ENAMETOOLONG: { what: 'file name too long', hint: 'choose a shorter path' },
  EXDEV: { what: 'cannot move across file systems', hint: 'write the output on the same disk as its folder' },
};

/** A Node system error: it has an errno `code` and usually the `syscall` and `path` or `address`. */
interface SystemError extends Error {
  code?: string;
  syscall?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
}

/** An OS error a user can cause, as a one-line error; anything else (a real bug) → null. */
export class OsError extends PipelineError {
  constructor(message: string, opts: { file?: string; hint?: string; cause?: unknown }) {
    super('os', message, opts);
    this.name = 'OsError';
  }
}

export function userFacingOsError(err: unknown): OsError | null {
  if (!(err instanceof Error)) return null;
  const e = err as SystemError;
  const known = e.code === undefined ? undefined : HINTS[e.code];
  if (!known || (e.syscall === undefined && e.path === undefined && e.address === undefined)) return null;
  const where = e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : e.path;
  const target = e.dest !== undefined ? ` -> ${e.dest}` : '';
  return new OsError(
    `${known.what} (${e.code}${e.syscall ? `, ${e.syscall}` : ''}${where === undefined ? '' : ` ${where}${target}`})`,
    {
      file: e.address === undefined ? e.path : undefined,
      hint: known.hint,
      cause: err,
    },
  );
}
