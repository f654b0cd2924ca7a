/**
 * Errors a user can cause (bad file, bad column, empty data, unknown id, corrupted artifact).
 * The CLI prints them without a stack trace and exits non-zero; everything else is a bug.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class PipelineError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, opts: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.hint = opts.hint;
    this.location = { file: opts.file, line: opts.line, field: opts.field };
  }

  /** One or two lines for a terminal: where, what, and what to do about it. */
  format(): string {
    const { file, line, field } = this.location;
    const where = [file, line !== undefined ? `line ${line}` : undefined, field ? `field "${field}"` : undefined]
      .filter(Boolean)
      .join(', ');
    const head = `error[${this.code}]${where ? ` ${where}` : ''}: ${this.message}`;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** Bad input data: malformed line, unknown column, NaN rating, overflowing id, empty input. */
export class DataError extends PipelineError {
  constructor(message: string, opts: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super('data', message, opts);
    this.name = 'DataError';
  }
}

/** A stored artifact (graph folder, run folder, checkpoint) is missing, corrupted or from another version. */
export class ArtifactError extends PipelineError {
  constructor(message: string, opts: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super('artifact', message, opts);
    this.name = 'ArtifactError';
  }
}

/** Bad flags or configuration. */
/** Training stopped making sense (a non-finite loss): the settings, not the program, are at fault. */
export class DivergedError extends PipelineError {
  constructor(message: string, hint = 'lower the learning rate (--lr)') {
    super('diverged', message, { hint });
  }
}

export class UsageError extends PipelineError {
  constructor(message: string, opts: ErrorLocation & { hint?: string } = {}) {
    super('usage', message, opts);
    this.name = 'UsageError';
  }
}

/** Shows at most `max` characters of an offending input line. */
export function excerpt(text: string, max = 120): string {
  const oneLine = JSON.stringify(text);
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Suggests the closest known names (edit distance) for an unknown one. */
export function suggest(name: string, known: readonly string[], max = 3): string[] {
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) - (k.toLowerCase().includes(lower) ? 2 : 0) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .filter((x) => x.d <= Math.max(3, lower.length / 2))
    .map((x) => x.k);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** A download failed (network, HTTP status, connection cut); a partial file is kept for resuming. */
export class DownloadError extends PipelineError {
  constructor(message: string, opts: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super('download', message, opts);
    this.name = 'DownloadError';
  }
}

/** A downloaded or extracted file does not have the checksum it must have. */
export class ChecksumError extends PipelineError {
  readonly expected: string;
  readonly actual: string;

  constructor(message: string, expected: string, actual: string, opts: ErrorLocation & { hint?: string } = {}) {
    super('checksum', message, opts);
    this.name = 'ChecksumError';
    this.expected = expected;
    this.actual = actual;
  }
}

/** A database the user pointed us at (--url) cannot be reached or refused a statement. */
export class DatabaseError extends PipelineError {
  constructor(message: string, opts: ErrorLocation & { hint?: string; cause?: unknown } = {}) {
    super('database', message, opts);
    this.name = 'DatabaseError';
  }
}
