// Compiles the bot once into dist/ (esbuild: one ESM bundle plus lazily loaded chunks), so
// `npm start` runs JavaScript instead of compiling TypeScript at every start. Dependencies stay
// in node_modules (packages: 'external'); type checking is `npm run typecheck`'s job.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: {
    main: 'src/main.ts',
    chartWorker: 'src/charts/worker.ts',
    ...(existsSync('src/register.ts') ? { register: 'src/register.ts' } : {}),
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
if (process.env.BUILD_QUIET !== '1') console.log(`built dist/ in ${Date.now() - started} ms`);
