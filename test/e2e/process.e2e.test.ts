// The real entry point as a supervisor runs it: `npm start`'s `node dist/main.js` (built first) in a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/demo/local-discord';

let discord: LocalDiscord;
let dir: string;
const children: ChildProcess[] = [];

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
    cwd: process.cwd(),
    // Only what the bot reads: no .env from the developer's checkout leaks in (readDotEnv never overrides).
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', DATABASE_PATH: join(dir, 'bot.db'), BACKUP_DIR: join(dir, 'backups'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 15_000) => {
    const started = Date.now();
    while (!pattern.test(output)) {
      if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} in output:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

beforeAll(() => {
  // What `npm start` runs, compiled from the sources under test.
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: process.cwd(),
    env: { ...process.env, BUILD_QUIET: '1' },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
});

beforeEach(async () => {
  discord = await LocalDiscord.start();
  dir = mkdtempSync(join(tmpdir(), 'backline-main-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await discord.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bot process', () => {
  it('refuses a bad configuration with one line per wrong value and exit code 1', async () => {
    const run = startMain({ DISCORD_TOKEN: 'x', DISCORD_API_URL: 'not-a-url', DISCORD_GUILD_ID: 'abc' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:\nDISCORD_API_URL: .*\nDISCORD_GUILD_ID: must be a Discord id/);
  }, 30_000);

  it('starts, migrates the database, registers commands, and stops cleanly with exit 0 on SIGTERM', async () => {
    const run = startMain({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    await run.waitFor(/Backline is online/);
    expect(discord.registeredCommands().map((c) => c.name)).toContain('assign');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const db = new Database(join(dir, 'bot.db'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
    db.close();
  }, 30_000);

  it('exits non-zero when Discord closes the gateway for good (4004: bad token)', async () => {
    const run = startMain({ DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
    await run.waitFor(/Backline is online/);
    await discord.dropGateway({ code: 4004 });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/gateway closed for good/);
  }, 30_000);
});
