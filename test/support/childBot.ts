// The bot's real entry point (src/main.ts) as a child process that starts in well under a second,
// so a crash suite can kill and restart it many times. `tsx src/main.ts` takes 3-8 s to reach the
// gateway on a busy 2-core machine (transpiling and loading discord.js and echarts from many files);
// here src/main.ts is bundled once with esbuild (tsx's own dependency) into one CommonJS file, and a
// small loader runs it with a V8 code cache (written on SIGUSR2: `writeCodeCache`), so later starts
// skip parsing and compiling it.
// echarts (about half of the start-up time on its own) is loaded when the first chart is drawn
// instead of at start; charts are drawn for the weekly digest only. Same source, same dependencies:
// only the loading differs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

// Native addons and what they load stay in node_modules.
const EXTERNAL = ['better-sqlite3', '@resvg/resvg-js', 'dejavu-fonts-ttf', 'zlib-sync', 'bufferutil', 'utf-8-validate'];

const LOADER = `
const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module'), path = require('node:path');
const file = path.join(__dirname, 'main.cjs'), cacheFile = file + '.v8cache';
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const m = new Module(file, module);
m.filename = file;
m.paths = Module._nodeModulePaths(__dirname);
script.runInThisContext()(m.exports, Module.createRequire(file), m, file, __dirname);
// SIGUSR2 writes the cache, with every function compiled so far (the caller sends it once the bot has run its paths).
process.on('SIGUSR2', () => fs.writeFileSync(cacheFile, script.createCachedData()));
`;

/** The two echarts functions src/charts/render.ts calls, requiring echarts on first use. */
const lazyEcharts: Plugin = {
  name: 'lazy-echarts',
  setup(b) {
    b.onResolve({ filter: /^echarts$/ }, (args) =>
      args.importer.endsWith('render.ts') ? { path: 'lazy-echarts', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "export const setPlatformAPI = (...a) => require('echarts').setPlatformAPI(...a);\nexport const init = (...a) => require('echarts').init(...a);\n",
      loader: 'js',
    }));
  },
};

/**
 * Bundles src/main.ts into `dir`, laid out like the repository (src/db/ two levels under the root,
 * so the migrations directory and node_modules resolve as they do from source). Returns the
 * script to run with node.
 */
export async function buildBotBundle(dir: string): Promise<string> {
  const root = join(dir, 'app');
  const out = join(root, 'src', 'db');
  mkdirSync(out, { recursive: true });
  symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
  symlinkSync(resolve('migrations'), join(root, 'migrations'));
  await build({
    entryPoints: ['src/main.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [...EXTERNAL, 'echarts'],
    plugins: [lazyEcharts],
    outfile: join(out, 'main.cjs'),
    logLevel: 'error',
    // import.meta.url (the migrations directory, chart fonts) is the bundle's own location.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  writeFileSync(join(out, 'loader.cjs'), LOADER);
  return join(out, 'loader.cjs');
}

/** Asks a running bundled bot to write its V8 code cache, and waits until it has. */
export async function writeCodeCache(bot: ChildBot, script: string): Promise<void> {
  const cacheFile = join(dirname(script), 'main.cjs.v8cache');
  bot.child.kill('SIGUSR2');
  for (let i = 0; i < 500 && !existsSync(cacheFile); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  // Let the write finish.
  await new Promise((resolve) => setTimeout(resolve, 100));
}

export interface ChildBot {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Starts the bundled bot with only the environment it reads (no .env from the checkout leaks in). */
export function startChildBot(script: string, env: Record<string, string>): ChildBot {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => output };
}
