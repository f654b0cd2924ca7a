/**
 * Writes a file through a temporary sibling and a rename, so a crash never leaves a half-written
 * artifact under the final name.
 */
export declare function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void>;
/**
 * Builds a whole folder under a temporary name and renames it into place, replacing any previous
 * folder of that name only once the new one is complete.
 */
export declare function writeDirAtomic(dir: string, fill: (tmpDir: string) => Promise<void>): Promise<void>;
