/**
 * 'weekly-digest': on the team's digest day and time (teams.digest_weekday / digest_time,
 * default Monday 08:00 team-local), the digest of the ISO week before that day goes to the
 * staff channel, once per (team, week): the sent log's key is ('weekly-digest', guild,
 * 'staff', 'YYYY-Www').
 *
 * The digest is owed through the outbox and rendered when it is sent; a large squad takes several
 * messages, each with its own nonce, and a retry resumes after the last part Discord confirmed.
 */
import type { Runtime } from '../../app';
import { weekJustEnded } from '../../domain/digest';
import { addDays, formatIsoWeek, isoWeekday, localDateOf, type IsoWeek, type LocalDate } from '../../domain/time';
import { localTimeAt } from './common';
import type { Team } from '../../repositories/teams';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';

export const WEEKLY_DIGEST_KIND = 'weekly-digest';
/** Still worth posting until the evening of the next day (a Monday 08:00 digest: until Tuesday 20:00). */
export const WEEKLY_DIGEST_GRACE_MINUTES = 36 * 60;

export interface DigestSlot {
  week: IsoWeek;
  /** The team-local date the digest is posted on. */
  localDate: LocalDate;
  dueAt: Date;
}

/**
 * The team's digest slots due in [from, to]: each local date with the team's digest weekday
 * gives one, at the digest time in the team's zone (a time skipped by a DST change moves
 * forward, see zonedInstant), reporting the ISO week before that date's week.
 */
export function digestSlotsBetween(team: Pick<Team, 'timeZone' | 'digestWeekday' | 'digestTime'>, from: Date, to: Date): DigestSlot[] {
  const slots: DigestSlot[] = [];
  const last = localDateOf(to, team.timeZone);
  for (let date = addDays(localDateOf(from, team.timeZone), -1); date <= last; date = addDays(date, 1)) {
    if (isoWeekday(date) !== team.digestWeekday) continue;
    // Memoised: every tick of a fleet asks for the same few instants.
    const dueAt = localTimeAt(date, team.digestTime, team.timeZone);
    if (dueAt >= from && dueAt <= to) slots.push({ week: weekJustEnded(date), localDate: date, dueAt });
  }
  return slots;
}

/** Digests rendered per minute when many teams share a digest time; the rest follow in the next minutes. */
export const DIGESTS_PER_MINUTE = 20;

/** FNV-1a: a stable hash of a guild id (the same order on every tick and every process). */
function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Teams whose digests fall due at the same instant (most keep Monday 08:00) are spread over the
 * following minutes, DIGESTS_PER_MINUTE a minute in the order of a stable hash of their guild
 * id, so a fleet's digests are not all rendered in one go. A smaller group keeps its time.
 */
export function spreadDigests(due: DueNotification[]): DueNotification[] {
  const byInstant = new Map<number, DueNotification[]>();
  for (const n of due) byInstant.set(n.dueAt.getTime(), [...(byInstant.get(n.dueAt.getTime()) ?? []), n]);
  return [...byInstant.values()].flatMap((group) =>
    group.length <= DIGESTS_PER_MINUTE
      ? group
      : group
          .sort((a, b) => stableHash(a.guildId) - stableHash(b.guildId) || a.guildId.localeCompare(b.guildId))
          .map((n, i) => ({ ...n, dueAt: new Date(n.dueAt.getTime() + Math.floor(i / DIGESTS_PER_MINUTE) * 60_000) })),
  );
}

const WEEK_SLOT = /^(\d{4})-W(\d{2})$/;

export function parseWeekSlot(slot: string): IsoWeek | undefined {
  const m = WEEK_SLOT.exec(slot);
  return m ? { year: Number(m[1]), week: Number(m[2]) } : undefined;
}

export const weeklyDigestJob: ScheduledJob = {
  kind: WEEKLY_DIGEST_KIND,
  graceMinutes: WEEKLY_DIGEST_GRACE_MINUTES,

  due(app: Runtime, now: Date, since?: Date, tick: TickContext = new TickContext(app)): DueNotification[] {
    const from = since ?? new Date(now.getTime() - WEEKLY_DIGEST_GRACE_MINUTES * 60_000);
    // Spread over the whole fleet's digests (once per tick), whichever teams this chunk looks at,
    // so a team's place in the queue does not depend on which teams a tick happens to look at.
    const fleet = tick.shared.memo(`digests|${from.getTime()}|${now.getTime()}`, () =>
      spreadDigests(
        [...tick.fleetTeams().values()].flatMap((team) =>
          digestSlotsBetween(team, from, now).map((slot) => ({
            kind: WEEKLY_DIGEST_KIND,
            guildId: team.guildId,
            subject: 'staff',
            slot: formatIsoWeek(slot.week),
            dueAt: slot.dueAt,
          })),
        ),
      ),
    );
    const teams = tick.teams();
    return fleet.filter((n) => teams.has(n.guildId));
  },

  owe(app, n, ctx) {
    const team = app.teams.get(n.guildId);
    if (!team) return { skip: 'the team is no longer set up' };
    const week = parseWeekSlot(n.slot);
    if (!week) return { skip: `"${n.slot}" is not an ISO week` };
    // Two indexed reads, not the figures: those are computed when the digest is sent, off the event loop.
    const nothing = app.digest.nothingToReport(team, week);
    if (nothing) return { skip: nothing };
    // Rendered with its charts when sent; a partly posted digest resumes after its last confirmed part.
    return {
      owed: [
        {
          guildId: n.guildId,
          purpose: n.kind,
          target: { to: 'staff' },
          body: { type: 'digest', week: n.slot },
          key: ctx.key,
          expiresAt: ctx.expiresAt,
        },
      ],
    };
  },
};
