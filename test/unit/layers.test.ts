// The layers the README draws, checked on the source text: a new import across a line fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('layers', () => {
  it('finds the files it checks', () => {
    expect(sourceFiles('src').length).toBeGreaterThan(50);
    expect(sourceFiles('commands').length).toBeGreaterThan(5);
  });

  it('production code (src/, commands/) never imports from test/', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('commands')].flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && relative(root, resolve(root, file, '..', spec)).split(/[\\/]/)[0] === 'test')
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
