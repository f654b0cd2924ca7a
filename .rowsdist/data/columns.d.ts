/** A column by header name or by 0-based index. Digit-only strings act as indexes unless a header has that name. */
export type ColumnRef = string | number;
export interface InteractionColumns {
    userCol: ColumnRef;
    itemCol: ColumnRef;
    ratingCol?: ColumnRef;
    timeCol?: ColumnRef;
}
/** Resolved 0-based positions; -1 for an absent optional column. */
export interface ColumnPositions {
    user: number;
    item: number;
    rating: number;
    time: number;
}
/** True when the ref can only be resolved against header names. */
export declare function isNameRef(ref: ColumnRef | undefined): boolean;
export declare function needsHeader(cols: InteractionColumns): boolean;
/** Position of one column; errors list the columns that exist and the closest names. */
export declare function resolveColumn(ref: ColumnRef, header: string[] | null, fieldCount: number, role: string, file: string, 
/** Header names already used by other roles (left out of suggestions). */
taken?: readonly string[]): number;
export declare function resolveColumns(cols: InteractionColumns, header: string[] | null, fieldCount: number, file: string): ColumnPositions;
/**
 * Decides whether `first` is a header line when columns were given by index: yes when a rating or
 * time field does not parse but does on the next line, when an id field is non-numeric while the
 * next line's is numeric, or when the fields read like column names.
 */
export declare function looksLikeHeader(first: string[], second: string[] | null, cols: InteractionColumns): boolean;
