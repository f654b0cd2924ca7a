/** The folder holding this package's package.json, found from this file (works from source and dist/). */
export declare const packageRoot: string;
export declare const packageVersion: string;
