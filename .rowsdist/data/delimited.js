/**
 * Delimited records (CSV, TSV, MovieLens `::` and `|` files) on top of the line reader.
 * Lines without a quote take a fast path (String.split); lines with quotes go through an RFC 4180
 * field parser (doubled quotes, delimiters and line breaks inside quoted fields). The tests check
 * this parser against csv-parse on tricky inputs.
 */
import { forEachLine } from './line-reader.js';
/** Thrown by splitQuoted for text after a closing quote; the readers turn it into a DataError. */
export class FieldSyntaxError extends Error {
}
const QUOTE = 34;
/**
 * Splits one record with RFC 4180 quoting. Returns null when a quoted field is still open at the
 * end of the text (the record continues on the next line).
 */
export function splitQuoted(s, delimiter) {
    const d = delimiter.charCodeAt(0);
    const fields = [];
    const n = s.length;
    let i = 0;
    for (;;) {
        if (i < n && s.charCodeAt(i) === QUOTE) {
            let value = '';
            let seg = ++i;
            for (;;) {
                const q = s.indexOf('"', i);
                if (q < 0)
                    return null;
                if (s.charCodeAt(q + 1) === QUOTE) {
                    value += s.slice(seg, q + 1);
                    i = seg = q + 2;
                    continue;
                }
                value += s.slice(seg, q);
                i = q + 1;
                break;
            }
            if (i < n && s.charCodeAt(i) !== d) {
                throw new FieldSyntaxError(`unexpected text after the closing quote of field ${fields.length + 1}`);
            }
            fields.push(value);
        }
        else {
            let j = s.indexOf(delimiter, i);
            if (j < 0)
                j = n;
            fields.push(s.slice(i, j));
            i = j;
        }
        if (i >= n)
            return fields;
        i++; // the delimiter
        if (i === n) {
            fields.push('');
            return fields;
        }
    }
}
/** Splits a single line (no continuation); quoted fields are honoured when `quote` is set. */
export function splitLine(line, delimiter, quote) {
    if (!quote || line.indexOf('"') < 0)
        return line.split(delimiter);
    return splitQuoted(line, delimiter);
}
/**
 * Streams the records of a delimited file. Blank lines are skipped. Syntax errors in quoting are
 * passed to `onError` (which throws or counts) with the line number and raw text.
 */
export async function forEachRecord(file, opts, onRecord, onError) {
    const quote = opts.quote ?? false;
    if (quote && opts.delimiter.length !== 1) {
        throw new Error(`quoted formats need a one-character delimiter, got ${JSON.stringify(opts.delimiter)}`);
    }
    const maxLines = opts.maxRecordLines ?? 10_000;
    const delim = opts.delimiter;
    let pending = null;
    let pendingStart = 0;
    let pendingLines = 0;
    await forEachLine(file, (line, lineNo) => {
        let text = line;
        let start = lineNo;
        if (pending !== null) {
            text = `${pending}\n${line}`;
            start = pendingStart;
        }
        else if (line.length === 0) {
            return;
        }
        if (!quote || text.indexOf('"') < 0) {
            onRecord(text.split(delim), start, text);
            return;
        }
        let fields;
        try {
            fields = splitQuoted(text, delim);
        }
        catch (err) {
            pending = null;
            if (err instanceof FieldSyntaxError)
                return onError(err.message, start, text);
            throw err;
        }
        if (fields === null) {
            if (pending === null) {
                pendingStart = lineNo;
                pendingLines = 0;
            }
            pending = text;
            if (++pendingLines > maxLines) {
                pending = null;
                onError(`quoted field opened here is not closed within ${maxLines} lines`, start, text.slice(0, 200));
            }
            return;
        }
        pending = null;
        onRecord(fields, start, text);
    }, opts);
    if (pending !== null)
        onError('quoted field is not closed before the end of the file', pendingStart, pending);
}
//# sourceMappingURL=delimited.js.map