import { readFileSync } from 'node:fs';

/** Chartside's version, from package.json: stamped on audit records as the engine version. */
export const CHARTSIDE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
