/**
 * The package's version. A constant, so the core reads no file: `npm version` rewrites it
 * (package.json's `version` script, scripts/sync-version.mjs) and test/docs.test.ts fails when it
 * differs from package.json.
 */
export const VERSION = '0.1.0';
