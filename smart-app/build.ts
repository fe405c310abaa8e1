import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('./', import.meta.url));

/**
 * Bundles the SMART app (`src/main.ts`, lit and fhirclient included) into `dist/main.js` for the browser:
 * no CDN at run time. `npm run build:app` (and `npm start`, through prestart) runs it; tests call it.
 */
export async function buildSmartApp(options: { minify?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: [`${ROOT}src/main.ts`],
    outfile: `${ROOT}dist/main.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16', 'edge110'],
    sourcemap: true,
    minify: options.minify ?? true,
    legalComments: 'linked',
    // fhirclient's "pure" build: the browser's own fetch, no polyfills.
    define: { FHIRCLIENT_PURE: 'true', 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildSmartApp();
}
