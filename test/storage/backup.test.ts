import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  backupFileName,
  backupsToPrune,
  lastBackupAt,
  nightlyBackup,
  nightlyBackupDue,
  restoreBackup,
} from '../../src/backup';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { listMigrations, MIGRATIONS_DIR, openDatabase, type Db } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import { schemaTables } from '../../src/repositories/privacy';
import { tempDatabase } from '../support/db';

const GUILD = '900000000000000001';
const ANA = '200000000000000001';

function everything(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(schemaTables(db).map(({ table }) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
}

describe('backups', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let dir: string;
  const clock = new ManualClock('2026-11-29T03:00:00Z');

  beforeEach(() => {
    store = tempDatabase();
    dir = mkdtempSync(join(tmpdir(), 'backline-backups-'));
    app = createApp({ db: store.db, clock, logger: silentLogger });
    app.teams.save(
      { guildId: GUILD, timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.squadRepo.add(GUILD, ANA, 'Ana', 'sprinters', clock.now());
    app.privacy.setConsent(GUILD, ANA, 'given');
  });
  afterEach(() => {
    store.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the database is open and written, restores to a new file that the migrations runner opens, data equal', async () => {
    // A second connection holds uncommitted-to-the-main-file WAL pages, as the running bot would.
    const writer = openDatabase(store.path);
    writer.prepare(`UPDATE athletes SET display_name = 'Ana (WAL)' WHERE user_id = ?`).run(ANA);
    const backup = await backupDatabase(store.db, join(dir, 'nested', 'b.db'));
    expect(backup.pages).toBeGreaterThan(0);
    writer.prepare(`UPDATE athletes SET display_name = 'after the backup' WHERE user_id = ?`).run(ANA);
    writer.close();

    const restored = join(dir, 'restored', 'backline.db');
    restoreBackup(backup.path, restored);
    const db = openDatabase(restored); // runs the migrations runner: nothing pending
    expect(db.pragma('user_version', { simple: true })).toBe(listMigrations(MIGRATIONS_DIR).at(-1)!.version);
    const expected = everything(store.db);
    (expected.athletes as { display_name: string }[])[0]!.display_name = 'Ana (WAL)';
    expect(everything(db)).toEqual(expected);
    db.close();
  });

  it('refuses to overwrite: a backup over an existing file, a restore over a database without --replace', async () => {
    const path = join(dir, 'b.db');
    await backupDatabase(store.db, path);
    await expect(backupDatabase(store.db, path)).rejects.toThrow(/already exists/);
    const target = join(dir, 'live.db');
    writeFileSync(target, 'old');
    writeFileSync(`${target}-wal`, 'stale');
    expect(() => restoreBackup(path, target)).toThrow(/--replace/);
    restoreBackup(path, target, { replace: true });
    expect(existsSync(`${target}-wal`)).toBe(false);
    const db = openDatabase(target);
    expect(db.prepare('SELECT display_name FROM athletes').pluck().get()).toBe('Ana');
    db.close();
  });

  it('refuses to restore a file that is not a sound database', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not sqlite at all, just some bytes that are long enough to have a header maybe');
    expect(() => restoreBackup(junk, join(dir, 'x.db'))).toThrow();
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it('nightly: due once a night after the set time, keeps the newest N', async () => {
    expect(nightlyBackupDue(new Date('2026-11-29T02:59:00Z'), new Date('2026-11-28T03:00:00Z'), '03:00')).toBe(false);
    expect(nightlyBackupDue(new Date('2026-11-29T03:00:00Z'), new Date('2026-11-28T03:00:00Z'), '03:00')).toBe(true);
    expect(nightlyBackupDue(new Date('2026-11-29T03:05:00Z'), new Date('2026-11-29T03:00:00Z'), '03:00')).toBe(false);
    expect(nightlyBackupDue(new Date('2026-11-29T01:00:00Z'), null, '03:00')).toBe(true);
    // Down over the night: the next tick catches up once.
    expect(nightlyBackupDue(new Date('2026-11-30T01:00:00Z'), new Date('2026-11-28T03:00:00Z'), '03:00')).toBe(true);

    for (let night = 0; night < 4; night++) {
      const at = new Date(Date.UTC(2026, 10, 26 + night, 3, 0));
      await nightlyBackup(store.db, dir, 2, at);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not a backup');
    expect(readdirSync(dir).sort()).toEqual(['backline-20261128T030000Z.db', 'backline-20261129T030000Z.db', 'notes.txt']);
    expect(lastBackupAt(dir)).toEqual(new Date('2026-11-29T03:00:00Z'));
    expect(backupFileName(new Date('2026-11-29T03:00:00.123Z'))).toBe('backline-20261129T030000Z.db');
    expect(backupsToPrune(['backline-20261129T030000Z.db', 'backline-20261128T030000Z.db', 'x.db'], 1)).toEqual([
      'backline-20261128T030000Z.db',
    ]);
  });

  it('npm run backup writes a backup of DATABASE_PATH', () => {
    const out = join(dir, 'cli.db');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'src/backupCli.ts', 'backup', out], {
      env: { ...process.env, DATABASE_PATH: store.path },
      encoding: 'utf8',
    });
    expect(stdout).toContain(`to ${out}`);
    const db = openDatabase(out);
    expect(db.prepare('SELECT count(*) FROM athletes').pluck().get()).toBe(1);
    db.close();
  });
});
