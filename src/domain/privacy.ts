/**
 * Athletes' data: consent, retention, the bot leaving a server, and which columns hold a person.
 *
 * Pure functions only. Sources: GDPR Art. 9(2)(a) (health data needs explicit consent),
 * Art. 7(3) (consent can be withdrawn at any time, as easily as given), Art. 15/20 (access and a
 * portable copy), Art. 17 (erasure), Art. 5(1)(e) (kept no longer than needed); Discord Developer
 * Policy (minimise data, say what is kept, delete on request, delete within 30 days of removal).
 */
import { addMonths } from 'date-fns';

export type ConsentState = 'given' | 'declined' | 'withdrawn';

/** An athlete's answer, or null when they have not answered yet. */
export interface Consent {
  state: ConsentState;
  changedAt: Date;
  givenAt: Date | null;
}

/**
 * Whether what the athlete reports (RPE, minutes, pain, notes, readiness) may be stored.
 * Only an explicit "I agree" counts (Art. 9(2)(a)): no answer yet is not consent.
 */
export function storesReports(consent: Consent | null): boolean {
  return consent?.state === 'given';
}

/** How staff see an athlete's consent (digest, /athlete): "no consent" rather than an error. */
export function consentLabel(consent: Consent | null): string {
  if (!consent) return 'consent not answered yet';
  switch (consent.state) {
    case 'given':
      return 'consent given';
    case 'declined':
      return 'no consent';
    case 'withdrawn':
      return 'consent withdrawn';
  }
}

export const DEFAULT_RETENTION_MONTHS = 24;
export const MIN_RETENTION_MONTHS = 1;
export const MAX_RETENTION_MONTHS = 120;

/** Everything older than this instant is deleted by the retention job (calendar months, UTC). */
export function retentionCutoff(now: Date, retentionMonths: number): Date {
  if (!Number.isInteger(retentionMonths) || retentionMonths < MIN_RETENTION_MONTHS || retentionMonths > MAX_RETENTION_MONTHS) {
    throw new RangeError(
      `retentionMonths must be an integer from ${MIN_RETENTION_MONTHS} to ${MAX_RETENTION_MONTHS}, got ${String(retentionMonths)}`,
    );
  }
  return addMonths(now, -retentionMonths);
}

/** Discord Developer Policy: data of a server the bot left is deleted within 30 days. */
export const GUILD_LEFT_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/** When a team's data is deleted after the bot left its server. */
export function guildDeletionAt(leftAt: Date): Date {
  return new Date(leftAt.getTime() + GUILD_LEFT_GRACE_DAYS * DAY_MS);
}

/** Teams whose 30 days since the bot left have run out: delete their data now. */
export function teamsDueForDeletion(teams: readonly { guildId: string; leftAt: Date | null }[], now: Date): string[] {
  return teams.filter((t) => t.leftAt !== null && guildDeletionAt(t.leftAt) <= now).map((t) => t.guildId);
}

/**
 * What a column holds, read from its name (the schema's convention, migrations/0009_privacy.sql):
 *   'subject' -> the person a row is about (erased with them)
 *   'actor'   -> who did something (staff); kept when an athlete's data is erased
 *   'other'   -> no person
 */
export type ColumnRole = 'subject' | 'actor' | 'other';

const SUBJECT_COLUMNS = new Set(['athlete_id', 'user_id', 'subject']);

export function columnRole(name: string): ColumnRole {
  const n = name.toLowerCase();
  if (SUBJECT_COLUMNS.has(n)) return 'subject';
  if (n === 'actor_id' || n.endsWith('_by')) return 'actor';
  return 'other';
}

/** Columns whose names sound personal but hold no person, and why. */
const NOT_A_PERSON: Record<string, string> = {
  owner: 'the process holding a claim (scheduler and outbox leases)',
  coach_role_id: 'a Discord role, not a member',
};

/** Names that suggest a person's Discord id but follow neither convention: a new table must be fixed. */
export function looksLikePersonColumn(name: string): boolean {
  return (
    columnRole(name) === 'other' &&
    !(name.toLowerCase() in NOT_A_PERSON) &&
    /(^|_)(user|users|athlete|athletes|member|members|person|people|actor|author|subject|coach|owner|mention|mentions)(_|$)/i.test(name)
  );
}
