// Types of local-env.mjs for the TypeScript that imports it (the browser tests' setup).
export declare const root: string;
export declare const wranglerBin: string;
export declare function ensureDevVars(): Record<string, string>;
export declare function wrangler(args: string[], options?: { quiet?: boolean }): string;
export declare function migrateLocal(persistTo?: string): void;
export declare function buildConsole(): void;
