import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/db/database';

/** A real SQLite file with every migration applied, in its own temp folder. */
export function tempDatabase(): { db: Db; path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'backline-db-'));
  const path = join(dir, 'backline.db');
  const db = openDatabase(path);
  return {
    db,
    path,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
