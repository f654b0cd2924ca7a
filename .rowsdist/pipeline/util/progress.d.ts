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
export declare class Progress {
    private readonly opts;
    private done;
    private readonly start;
    private lastDraw;
    private readonly stream;
    private readonly tty;
    private extra;
    constructor(opts: ProgressOptions);
    /** Advances by `n` units; `info` is shown after the bar (e.g. the running loss). */
    tick(n?: number, info?: string): void;
    finish(info?: string): void;
    get elapsedSeconds(): number;
    private draw;
}
export declare function formatSeconds(s: number): string;
