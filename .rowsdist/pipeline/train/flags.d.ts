/** The flag's value when given, else the preset's. */
export declare function pick<T>(flag: T | undefined, fallback: T): T;
/** A flag declared as a string (shared by families with different meanings) read as one number. */
export declare function numberFlag(value: unknown, name: string): number | undefined;
/** "64,32,16,8" → [64, 32, 16, 8]. */
export declare function numberListFlag(value: unknown, name: string): number[] | undefined;
