// WAL checkpoints on their own thread (src/db/checkpointer.ts): the bot's connection never
// checkpoints in a commit; a worker's connection does, while the log grows, and stops when it doesn't.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../src/db/checkpointer';
import type { Db } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { tempDatabase } from '../support/db';

let db: Db;
let cleanup: () => void;
let lines: string[];
let checkpointer: WalCheckpointer | undefined;
let clock = 0;

function logger() {
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return createLogger('info', out);
}

const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;

/** Some commits, each a page or more of the log. */
function write(commits: number): void {
  const insert = db.prepare('INSERT INTO wal_filler (body) VALUES (?)');
  for (let i = 0; i < commits; i++) insert.run('x'.repeat(3000));
}

beforeEach(() => {
  ({ db, cleanup } = tempDatabase());
  db.exec('CREATE TABLE wal_filler (id INTEGER PRIMARY KEY, body TEXT)');
  db.pragma('wal_checkpoint(TRUNCATE)'); // the migrations' pages: each test starts from an empty log
  lines = [];
  clock = 0;
});
afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = undefined;
  db.close();
  cleanup();
});

describe('WAL checkpoints off the event loop', () => {
  it(
    'the bot connection stops checkpointing in commits; the thread checkpoints the whole log once it is big enough',
    { timeout: 60_000 },
    async () => {
      checkpointer = new WalCheckpointer(db, { logger: logger(), startBytes: 64 * 1024, now: () => clock }).start();
      expect(autocheckpoint()).toBe(0);
      write(5);
      expect(await checkpointer.checkNow()).toBeUndefined(); // a small log: no thread yet
      expect(checkpointer.running).toBe(false);

      write(100);
      const first = await checkpointer.checkNow();
      expect(checkpointer.running).toBe(true);
      expect(first!.busy).toBe(0);
      expect(first!.log).toBeGreaterThanOrEqual(100);
      expect(first!.checkpointed).toBe(first!.log);

      // Everything was copied, so the next commit starts the log again from its beginning.
      write(3);
      const second = await checkpointer.checkNow();
      expect(second!.log).toBeLessThan(first!.log);
      expect(second!.checkpointed).toBe(second!.log);
      expect(db.prepare('SELECT count(*) AS n FROM wal_filler').get()).toEqual({ n: 108 });
      expect(lines).toEqual([]);
    },
  );

  it('stops the thread after a quiet spell and starts it again only once the log is written to', { timeout: 60_000 }, async () => {
    checkpointer = new WalCheckpointer(db, { logger: logger(), startBytes: 64 * 1024, idleStopMs: 60_000, now: () => clock }).start();
    write(100);
    await checkpointer.checkNow();
    expect(checkpointer.running).toBe(true);
    clock += 30_000;
    await checkpointer.checkNow();
    expect(checkpointer.running).toBe(true);
    clock += 30_000;
    await checkpointer.checkNow();
    expect(checkpointer.running).toBe(false);

    clock += 1_000;
    expect(await checkpointer.checkNow()).toBeUndefined(); // still big, but not written since
    expect(checkpointer.running).toBe(false);

    write(1);
    const again = await checkpointer.checkNow();
    expect(checkpointer.running).toBe(true);
    expect(again!.checkpointed).toBe(again!.log);
  });

  it('gives checkpoints back to SQLite when it stops, and when its thread cannot run', { timeout: 60_000 }, async () => {
    checkpointer = new WalCheckpointer(db, { logger: logger(), startBytes: 64 * 1024 }).start();
    await checkpointer.stop();
    expect(autocheckpoint()).toBe(1000);

    checkpointer = new WalCheckpointer(db, { logger: logger(), startBytes: 64 * 1024, sqliteModule: '/nowhere/better-sqlite3.js' }).start();
    write(100);
    expect(await checkpointer.checkNow()).toBeUndefined();
    expect(checkpointer.running).toBe(false);
    expect(autocheckpoint()).toBe(1000);
    expect(lines.map((l) => JSON.parse(l).msg as string)).toEqual([
      'WAL checkpoints could not run on their own thread; SQLite checkpoints in commits again',
    ]);
  });
});
