export type TextEncoding = 'utf8' | 'latin1';
export interface LineReadOptions {
    encoding?: TextEncoding;
    /** Show a byte progress bar on stderr (long files). */
    progress?: boolean;
    /** A line longer than this is treated as a binary or broken file. */
    maxLineLength?: number;
}
export type LineHandler = (line: string, lineNo: number) => void;
/** Checks that `file` exists and is a regular file; returns its size in bytes. */
export declare function requireFile(file: string, what?: string): Promise<number>;
/** Calls `onLine` for every line of `file`; returns the number of lines. */
export declare function forEachLine(file: string, onLine: LineHandler, opts?: LineReadOptions): Promise<number>;
/**
 * A copy of `s` that does not pin the string it was sliced from. V8 represents substrings of 13+
 * characters as views into their parent, so interning one id would keep a whole 1 MiB chunk alive.
 */
export declare function detach(s: string): string;
