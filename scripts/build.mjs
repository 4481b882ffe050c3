// Compiles the bot once into dist/ (esbuild: one ESM bundle plus lazily loaded chunks), so
// `npm start` runs JavaScript instead of compiling TypeScript at every start. Type checking is
// `npm run typecheck`'s job.
//
// What start-up loads, and why it is built this way (profiled with node --cpu-prof):
// - date-fns, @date-fns/tz and zod are bundled: imported from node_modules, date-fns's index
//   alone loads some 250 files (150-350 ms) for the three functions we use.
// - CommonJS packages (discord.js, pino, better-sqlite3, node-cron, csv-stringify) are loaded
//   with require(): an ESM `import` of a CommonJS package makes Node scan its source and every
//   re-exported file for export names (cjs-module-lexer, ~20 % of start-up).
// - ECharts and resvg load only in the chart worker (src/charts/pool.ts).
import { createRequire } from 'node:module';
import { existsSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const BUNDLED = new Set(['date-fns', '@date-fns/tz', 'zod']);
const REQUIRED = new Set(['discord.js', 'pino', 'better-sqlite3', 'node-cron', 'csv-stringify/sync']);
const require = createRequire(import.meta.url);
const packageOf = (path) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);

/** Bare imports stay in node_modules, except the bundled ones; the CommonJS ones go through require(). */
const dependencies = {
  name: 'dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.namespace === 'required') return undefined;
      if (BUNDLED.has(packageOf(args.path))) return undefined;
      if (REQUIRED.has(args.path) && args.kind === 'import-statement') return { path: args.path, namespace: 'required' };
      return { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'required' }, (args) => {
      // Its export names, read once at build time, re-exported from the required module.
      const names = Object.keys(require(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      return {
        contents: [
          "import { createRequire } from 'node:module';",
          `const m = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
          'export default m;',
          ...names.map((n) => `export const ${n} = m.${n};`),
        ].join('\n'),
        loader: 'js',
        resolveDir: process.cwd(),
      };
    });
  },
};

/**
 * Builds the bot into `outdir` (dist/ for `npm start`); `entryPoints` adds entries (the bench
 * builds its own bot process this way, into bench/output/, so it runs what production runs).
 */
export async function buildBundle({ outdir = 'dist', entryPoints = {} } = {}) {
  // Chunk names carry content hashes: clear the last build's, or they pile up.
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: 'src/main.ts',
      chartWorker: 'src/charts/worker.ts',
      ...(existsSync('src/register.ts') ? { register: 'src/register.ts' } : {}),
      ...entryPoints,
    },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [dependencies],
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  await buildBundle();
  if (process.env.BUILD_QUIET !== '1') console.log(`built dist/ in ${Date.now() - started} ms`);
}
