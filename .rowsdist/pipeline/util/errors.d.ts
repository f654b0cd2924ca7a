/**
 * Errors a user can cause (bad file, bad column, empty data, unknown id, corrupted artifact).
 * The CLI prints them without a stack trace and exits non-zero; everything else is a bug.
 */
export interface ErrorLocation {
    file?: string;
    line?: number;
    field?: string;
}
export declare class PipelineError extends Error {
    readonly code: string;
    readonly hint?: string;
    readonly location: ErrorLocation;
    constructor(code: string, message: string, opts?: ErrorLocation & {
        hint?: string;
        cause?: unknown;
    });
    /** One or two lines for a terminal: where, what, and what to do about it. */
    format(): string;
}
/** Bad input data: malformed line, unknown column, NaN rating, overflowing id, empty input. */
export declare class DataError extends PipelineError {
    constructor(message: string, opts?: ErrorLocation & {
        hint?: string;
        cause?: unknown;
    });
}
/** A stored artifact (graph folder, run folder, checkpoint) is missing, corrupted or from another version. */
export declare class ArtifactError extends PipelineError {
    constructor(message: string, opts?: ErrorLocation & {
        hint?: string;
        cause?: unknown;
    });
}
/** Bad flags or configuration. */
export declare class UsageError extends PipelineError {
    constructor(message: string, opts?: ErrorLocation & {
        hint?: string;
    });
}
/** Shows at most `max` characters of an offending input line. */
export declare function excerpt(text: string, max?: number): string;
/** Suggests the closest known names (edit distance) for an unknown one. */
export declare function suggest(name: string, known: readonly string[], max?: number): string[];
