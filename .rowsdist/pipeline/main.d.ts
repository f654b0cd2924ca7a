/** Reads `--config file.json|yaml`; its keys are flag names (kebab or camel case), flags given on the command line win. */
export declare function loadConfigFile(file: string): Record<string, unknown>;
export declare function main(argv: string[]): Promise<number>;
