/**
 * 'weekly-digest': on the team's digest day and time (teams.digest_weekday / digest_time,
 * default Monday 08:00 team-local), the digest of the ISO week before that day goes to the
 * staff channel, once per (team, week): the sent log's key is ('weekly-digest', guild,
 * 'staff', 'YYYY-Www').
 *
 * A large squad takes several messages; each carries its own nonce derived from the
 * notification's idempotency key, so a retry inside Discord's nonce window never posts a
 * part twice. A messenger without rich messages gets the digest as text notices.
 */
import type { App } from '../../app';
import { weekJustEnded } from '../../domain/digest';
import { addDays, formatIsoWeek, isoWeekday, localDateOf, zonedInstant, type IsoWeek, type LocalDate } from '../../domain/time';
import { digestAsText, digestCharts, renderDigest } from '../../discord/render/digest';
import type { Team } from '../../repositories/teams';
import type { DueNotification, ScheduledJob, SendOutcome } from '../job';
import { nonceFor } from '../sentLog';

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
    const dueAt = zonedInstant(date, team.digestTime, team.timeZone);
    if (dueAt >= from && dueAt <= to) slots.push({ week: weekJustEnded(date), localDate: date, dueAt });
  }
  return slots;
}

const WEEK_SLOT = /^(\d{4})-W(\d{2})$/;

export function parseWeekSlot(slot: string): IsoWeek | undefined {
  const m = WEEK_SLOT.exec(slot);
  return m ? { year: Number(m[1]), week: Number(m[2]) } : undefined;
}

export const weeklyDigestJob: ScheduledJob = {
  kind: WEEKLY_DIGEST_KIND,
  graceMinutes: WEEKLY_DIGEST_GRACE_MINUTES,

  due(app: App, now: Date, since?: Date): DueNotification[] {
    const from = since ?? new Date(now.getTime() - WEEKLY_DIGEST_GRACE_MINUTES * 60_000);
    return app.teams.all().flatMap((team) =>
      digestSlotsBetween(team, from, now).map((slot) => ({
        kind: WEEKLY_DIGEST_KIND,
        guildId: team.guildId,
        subject: 'staff',
        slot: formatIsoWeek(slot.week),
        dueAt: slot.dueAt,
      })),
    );
  },

  async send(app: App, n: DueNotification, idempotencyKey: string): Promise<SendOutcome> {
    const team = app.teams.get(n.guildId);
    if (!team) return { status: 'skipped', why: 'the team is no longer set up' };
    const week = parseWeekSlot(n.slot);
    if (!week) return { status: 'skipped', why: `"${n.slot}" is not an ISO week` };
    const figures = app.digest.computeDigest(team, week);
    if (figures.athletes.length === 0) return { status: 'skipped', why: 'no athletes on the squad' };
    // A week with nothing assigned (the team's first, or a break) has nothing to report: no empty digest.
    if (figures.team.assigned === 0) return { status: 'skipped', why: 'nothing was assigned that week' };
    const log = (err: unknown, chart: string) => app.logger.warn({ err, chart, guildId: team.guildId }, 'digest chart failed');
    const messages = renderDigest(figures, { timeZone: team.timeZone, charts: digestCharts(figures, log) });
    const nonce = (i: number) => (i === 0 ? idempotencyKey : nonceFor(idempotencyKey, String(i)));

    if (app.messenger.postStaffMessage) {
      for (const [i, message] of messages.entries()) {
        const result = await app.messenger.postStaffMessage(team, message, { nonce: nonce(i) });
        if (!result.ok) return { status: 'failed', why: `posted ${i} of ${messages.length} digest messages: ${result.detail}` };
      }
      return { status: 'sent' };
    }
    const notices = digestAsText(messages);
    const severity = figures.team.statusCounts.red > 0 ? 'alert' : figures.team.statusCounts.amber > 0 ? 'warning' : 'info';
    for (const [i, notice] of notices.entries()) {
      const result = await app.messenger.postStaffNotice(team, { title: notice.title, lines: [notice.text], severity }, { nonce: nonce(i) });
      if (!result.ok) return { status: 'failed', why: `posted ${i} of ${notices.length} digest notices: ${result.detail}` };
    }
    return { status: 'sent' };
  },
};
