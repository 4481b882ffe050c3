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
/** Their canonical JSON by id (the digest's hard-set counts read it), per database. */
const texts = new WeakMap<Db, Map<number, string>>();
/** Distinct prescriptions are few (templates x weeks x adjustments); the bound only guards against a pathological file. */
const CACHE_LIMIT = 5000;

function cacheOf<T>(caches: WeakMap<Db, Map<number, T>>, db: Db): Map<number, T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<number, T>()));
  return cache;
}

function remember<T>(cache: Map<number, T>, id: number, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(id, value);
  return value;
}

/**
 * Prescriptions stored once per distinct prescription per team (migration 0015): validated when
 * written, parsed once per id when read.
 */
export class PrescriptionStore {
  private readonly cache: Map<number, Prescription>;
  private readonly texts: Map<number, string>;

  constructor(private readonly db: Db) {
    this.cache = cacheOf(parsed, db);
    this.texts = cacheOf(texts, db);
  }

  /** The id of this prescription in this team, stored now if it is new. Call inside the writer's transaction. */
  idOf(guildId: string, prescription: Prescription): number {
    const json = JSON.stringify(prescriptionSchema.parse(prescription));
    this.db.prepare('INSERT OR IGNORE INTO prescriptions (guild_id, json) VALUES (?, ?)').run(guildId, json);
    const { id } = this.db
      .prepare<[string, string], { id: number }>('SELECT id FROM prescriptions WHERE guild_id = ? AND json = ?')
      .get(guildId, json)!;
    remember(this.texts, id, json);
    return id;
  }

  /** The prescription with this id, validated once and shared (frozen). */
  get(id: number): Prescription {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = this.db.prepare<[number], { json: string }>('SELECT json FROM prescriptions WHERE id = ?').get(id);
    if (!row) throw new Error(`prescription ${id} does not exist`);
    return remember(this.cache, id, deepFreeze(prescriptionSchema.parse(JSON.parse(row.json))));
  }

  /** The stored JSON of one of the team's prescriptions (the same string each time, so its hash is computed once). */
  json(guildId: string, id: number): string {
    const hit = this.texts.get(id);
    if (hit !== undefined) return hit;
    const row = this.db
      .prepare<[string, number], { json: string }>('SELECT json FROM prescriptions WHERE guild_id = ? AND id = ?')
      .get(guildId, id);
    if (!row) throw new Error(`prescription ${id} does not exist in this team`);
    return remember(this.texts, id, row.json);
  }
}
