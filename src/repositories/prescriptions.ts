import type { Db } from '../db/database';
import { prescriptionSchema, type Prescription } from '../domain/library/schema';

/** Deep-frozen so a prescription shared by many assignments can never be changed through one of them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Parsed prescriptions by id, per database. A prescription row never changes and its id is never reused (AUTOINCREMENT). */
const parsed = new WeakMap<Db, Map<number, Prescription>>();
/** Distinct prescriptions are few (templates x weeks x adjustments); the bound only guards against a pathological file. */
const CACHE_LIMIT = 5000;

/**
 * Prescriptions stored once per distinct prescription per team (migration 0013): validated when
 * written, parsed once per id when read.
 */
export class PrescriptionStore {
  private readonly cache: Map<number, Prescription>;

  constructor(private readonly db: Db) {
    let cache = parsed.get(db);
    if (!cache) parsed.set(db, (cache = new Map<number, Prescription>()));
    this.cache = cache;
  }

  /** The id of this prescription in this team, stored now if it is new. Call inside the writer's transaction. */
  idOf(guildId: string, prescription: Prescription): number {
    const json = JSON.stringify(prescriptionSchema.parse(prescription));
    this.db.prepare('INSERT OR IGNORE INTO prescriptions (guild_id, json) VALUES (?, ?)').run(guildId, json);
    return this.db
      .prepare<[string, string], { id: number }>('SELECT id FROM prescriptions WHERE guild_id = ? AND json = ?')
      .get(guildId, json)!.id;
  }

  /** The prescription with this id, validated once and shared (frozen). */
  get(id: number): Prescription {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = this.db.prepare<[number], { json: string }>('SELECT json FROM prescriptions WHERE id = ?').get(id);
    if (!row) throw new Error(`prescription ${id} does not exist`);
    const value = deepFreeze(prescriptionSchema.parse(JSON.parse(row.json)));
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(id, value);
    return value;
  }
}
