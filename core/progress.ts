/**
 * Progress for long work: a redrawn bar with rate and ETA on a TTY, a plain line every few seconds
 * otherwise (logs, CI). Writes to stderr so stdout stays clean for --json output.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Seconds between plain-text lines when not on a TTY. */
  plainEverySeconds?: number;
  /** Silence (tests, --quiet). */
  silent?: boolean;
}

export class Progress {
  private done = 0;
  private readonly start = performance.now();
  private lastDraw = 0;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private extra = '';

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY) && !process.env.CI;
  }

  /** Advances by `n` units; `info` is shown after the bar (e.g. the running loss). */
  tick(n = 1, info?: string): void {
    this.done += n;
    if (info !== undefined) this.extra = info;
    const now = performance.now();
    const every = this.tty ? 100 : (this.opts.plainEverySeconds ?? 10) * 1000;
    if (now - this.lastDraw >= every) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  finish(info?: string): void {
    if (info !== undefined) this.extra = info;
    this.draw(true);
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.start) / 1000;
  }

  private draw(final: boolean): void {
    if (this.opts.silent) return;
    const { label, total, unit = 'it' } = this.opts;
    const secs = this.elapsedSeconds;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 && total > this.done ? (total - this.done) / rate : 0;
    const pct = total > 0 ? Math.min(1, this.done / total) : 1;
    const stats = `${this.done}/${total} ${formatRate(rate)} ${unit}/s ${final ? formatSeconds(secs) : `ETA ${formatSeconds(eta)}`}${this.extra ? ` ${this.extra}` : ''}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round(pct * width);
      this.stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}\x1b[K${final ? '\n' : ''}`,
      );
    } else {
      this.stream.write(`${label} ${(pct * 100).toFixed(0)}% ${stats}\n`);
    }
  }
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60)
    return `${m}m${Math.round(s - m * 60)
      .toString()
      .padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${(m % 60).toString().padStart(2, '0')}m`;
}

function formatRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)}k`;
  return r.toFixed(1);
}
