// Types of scripts/artillery.mjs for the TypeScript tests that import it.
export declare const ARTILLERY_VERSION: string;
export declare const ARTILLERY_MIN_NODE: [number, number];
export declare const artilleryDir: string;
export declare function nodeTooOld(version?: string): string | undefined;
export declare function ensureArtillery(options?: { quiet?: boolean }): string;
export declare function artilleryEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
