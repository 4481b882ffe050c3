import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readDotEnv } from '../../src/config';

describe('configuration', () => {
  it('applies the defaults', () => {
    expect(loadConfig({})).toEqual({
      DATABASE_PATH: './data/backline.db',
      LOG_LEVEL: 'info',
      DISCORD_MEMBERS_INTENT: false,
      BACKUP_DIR: './backups',
      BACKUP_KEEP: 7,
      BACKUP_TIME: '03:00',
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '  ', DISCORD_GUILD_ID: '' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('names every wrong value on its own line', () => {
    try {
      loadConfig({ DISCORD_API_URL: 'not a url', DISCORD_GUILD_ID: 'abc', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as Error).message.split('\n').slice(1);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^DISCORD_API_URL: /);
      expect(lines[1]).toMatch(/^DISCORD_GUILD_ID: must be a Discord id/);
      expect(lines[2]).toMatch(/^LOG_LEVEL: /);
    }
  });

  it('accepts the local Discord as REST base', () => {
    expect(loadConfig({ DISCORD_API_URL: 'http://127.0.0.1:4010/api' }).DISCORD_API_URL).toBe('http://127.0.0.1:4010/api');
  });

  it('reads .env without overriding the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backline-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nDISCORD_TOKEN="abc.def"\nLOG_LEVEL=debug\n\nBROKEN LINE\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    readDotEnv(file, env);
    expect(env).toEqual({ DISCORD_TOKEN: 'abc.def', LOG_LEVEL: 'warn' });
  });
});
