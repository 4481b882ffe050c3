/**
 * `npm run bench [-- --quick] [--only GROUP] [name]`: runs every bench/*.bench.ts (its default export, given a
 * logger and the arguments) in turn. Benchmarks print numbers; nothing here asserts timings.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Bench = (log: (line: string) => void, argv: readonly string[]) => void | Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
// The value of `--only` names a group of figures (bench/fleet.bench.ts), not a file.
const only = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--only');
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.includes(only))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: Bench };
  if (typeof mod.default !== 'function') {
    console.log(`${file}: no default export to run, skipped`);
    continue;
  }
  console.log(`\n== ${file} (node ${process.version})`);
  await mod.default((line) => console.log(line), argv);
}
