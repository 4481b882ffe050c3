/**
 * A coach fixing what went wrong, and chasing who still owes a check-in. Every change and the
 * messages it owes (the athlete's card edited, a notice, a nudge) are written in one transaction
 * through the outbox.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import {
  addDays,
  formatLocalDate,
  localDateOf,
  localTimeOf,
  parseSessionDate,
  teamToday,
  zonedInstant,
  isValidLocalTime,
  type LocalDate,
} from '../domain/time';
import { swapInPrescription } from '../domain/teamSessions';
import { HOUR_MS, type OwedMessage } from '../outbox/messages';
import { FALLBACK_WHAT } from '../outbox/fallback';
import type { Outbox } from '../outbox/outbox';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { CorrectionRepository, PendingSession, PickableAssignment } from '../repositories/corrections';
import type { Excusal, ExcusalRepository } from '../repositories/excusals';
import type { Team } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';
import type { TeamSessionService } from './teamSessions';

/** Card edits and notices stay worth sending for a day; a nudge until the session can no longer be logged. */
const CARD_UPDATE_TTL_MS = 24 * HOUR_MS;
const NUDGE_TTL_MS = 12 * HOUR_MS;
/** How far back /pending looks by default: the week an athlete can still log in. */
const PENDING_DAYS = 7;

export interface ChangeReport {
  changed: Assignment[];
  /** Sessions of the batch left alone, and why (already logged, already cancelled). */
  skipped: { assignment: Assignment; why: string }[];
}

export class CorrectionService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      outbox: Outbox;
      corrections: CorrectionRepository;
      assignments: AssignmentRepository;
      excusals: ExcusalRepository;
      teamSessions: TeamSessionService;
    },
  ) {}

  private cardUpdate(team: Team, a: Assignment, now: Date): OwedMessage | undefined {
    // Only a card that went out can be edited; an undelivered session is sent as it is now.
    if (a.deliveredVia === null) return undefined;
    return {
      guildId: team.guildId,
      purpose: 'session_card_update',
      target: { to: 'athlete', athleteId: a.athleteId },
      body: { type: 'sessionCardUpdate' },
      assignmentId: a.id,
      expiresAt: new Date(now.getTime() + CARD_UPDATE_TTL_MS),
    };
  }

  private scope(team: Team, assignmentId: number, everyone: boolean): Outcome<Assignment[]> {
    const rows = everyone
      ? this.deps.corrections.batchOf(team.guildId, assignmentId)
      : [this.deps.assignments.get(team.guildId, assignmentId)].filter((a): a is Assignment => !!a);
    if (rows.length === 0) return refuse("I can't find that session. Pick one from the list (it shows the last week and the weeks ahead).");
    return ok(rows);
  }

  private why(a: Assignment): string | undefined {
    if (a.cancelledAt) return 'already cancelled';
    if (a.checkin) return 'already logged';
    return undefined;
  }

  /** Applies `change` to the sessions it may touch and owes each athlete an edited card, in one transaction. */
  private apply(team: Team, rows: Assignment[], change: (ids: number[], now: Date) => number[], verb: string): Outcome<ChangeReport> {
    const now = this.deps.clock.now();
    const skipped = rows.flatMap((a) => {
      const why = this.why(a);
      return why ? [{ assignment: a, why }] : [];
    });
    const open = rows.filter((a) => !this.why(a));
    if (open.length === 0) {
      return refuse(`Nothing to ${verb}: ${skipped.map((s) => `<@${s.assignment.athleteId}>'s is ${s.why}`).join(', ')}.`);
    }
    const changed = this.deps.db.transaction(() => {
      const done = new Set(
        change(
          open.map((a) => a.id),
          now,
        ),
      );
      const after = open.filter((a) => done.has(a.id)).map((a) => this.deps.assignments.get(team.guildId, a.id)!);
      for (const a of after) {
        const m = this.cardUpdate(team, a, now);
        if (m) this.deps.outbox.enqueue(m, now);
      }
      return after;
    })();
    return ok({ changed, skipped });
  }

  cancel(team: Team, coachId: string, assignmentId: number, everyone: boolean): Outcome<ChangeReport> {
    const rows = this.scope(team, assignmentId, everyone);
    if (!rows.ok) return rows;
    return this.apply(team, rows.value, (ids, now) => this.deps.corrections.cancel(team.guildId, ids, coachId, now), 'cancel');
  }

  /** Moves to another day (today or later), at the given time or the session's own local time. */
  move(team: Team, assignmentId: number, everyone: boolean, date: string, time?: string | null): Outcome<ChangeReport> {
    const rows = this.scope(team, assignmentId, everyone);
    if (!rows.ok) return rows;
    const now = this.deps.clock.now();
    const to = parseSessionDate(date, localDateOf(now, team.timeZone), { maxPastDays: 0 });
    if (!to.ok) return refuse(to.message.replace(/sessions can be logged.*$/, 'move sessions to today or later.'));
    const at = time?.trim() || localTimeOf(new Date(rows.value[0]!.plannedStartAt), team.timeZone);
    if (!isValidLocalTime(at)) return refuse(`"${time}" isn't a time I can read. Use 24-hour HH:MM, e.g. 17:30.`);
    const plannedStartAt = zonedInstant(to.value, at, team.timeZone);
    if (rows.value.every((a) => a.sessionDate === to.value && a.plannedStartAt === plannedStartAt.toISOString())) {
      return refuse(`It is already on ${formatLocalDate(to.value)} at ${at}.`);
    }
    return this.apply(
      team,
      rows.value,
      (ids) => this.deps.corrections.move(team.guildId, ids, { sessionDate: to.value, plannedStartAt }),
      'move',
    );
  }

  note(team: Team, assignmentId: number, everyone: boolean, text: string | null): Outcome<ChangeReport> {
    const note = text?.trim() || null;
    if (note && note.length > 500) return refuse('The note is too long: keep it under 500 characters.');
    const rows = this.scope(team, assignmentId, everyone);
    if (!rows.ok) return rows;
    return this.apply(team, rows.value, (ids) => this.deps.corrections.note(team.guildId, ids, note), 'change');
  }

  /** One athlete's session with one exercise swapped ("Ben: ball curl instead of Nordic"). */
  swap(
    team: Team,
    coachId: string,
    assignmentId: number,
    fromId: string,
    toId: string,
  ): Outcome<{ assignment: Assignment; from: string; to: string }> {
    const a = this.deps.assignments.get(team.guildId, assignmentId);
    if (!a) return refuse("I can't find that session. Pick one from the list.");
    const why = this.why(a);
    if (why) return refuse(`That session is ${why}: nothing to swap.`);
    const library = this.deps.teamSessions.library(team.guildId);
    const to = library.find((e) => e.id === toId);
    if (!to) return refuse(`I don't know the exercise "${toId}". Pick one from the list.`);
    const from = a.prescription.exercises.find((e) => e.exerciseId === fromId);
    if (!from)
      return refuse(`That session has no such exercise. It has: ${[...new Set(a.prescription.exercises.map((e) => e.name))].join(', ')}.`);
    const swapped = swapInPrescription(a.prescription, fromId, to);
    if (!swapped.ok) return refuse(swapped.message);
    const now = this.deps.clock.now();
    const done = this.deps.db.transaction(() => {
      if (!this.deps.corrections.swap(team.guildId, a.id, { from: fromId, to: to.id, prescription: swapped.prescription }, coachId, now))
        return undefined;
      const after = this.deps.assignments.get(team.guildId, a.id)!;
      const m = this.cardUpdate(team, after, now);
      if (m) this.deps.outbox.enqueue(m, now);
      return after;
    })();
    if (!done) return refuse('That session was logged or cancelled meanwhile: nothing was swapped.');
    return ok({ assignment: done, from: from.name, to: to.name });
  }

  /** Deletes a check-in logged in error, edits the card back to open and tells the athlete. */
  deleteCheckin(team: Team, coachId: string, assignmentId: number): Outcome<Assignment> {
    const a = this.deps.assignments.get(team.guildId, assignmentId);
    if (!a) return refuse("I can't find that session. Pick one from the list.");
    if (!a.checkin) return refuse('That session has no check-in to delete.');
    const now = this.deps.clock.now();
    this.deps.db.transaction(() => {
      this.deps.corrections.deleteCheckin(team.guildId, a.id, coachId, now);
      this.deps.outbox.enqueue(
        {
          guildId: team.guildId,
          purpose: 'checkin_deleted',
          target: { to: 'athlete', athleteId: a.athleteId },
          body: {
            type: 'notice',
            notice: {
              text: `Your coach removed the check-in for **${a.title}** (${formatLocalDate(a.sessionDate)}): it was logged in error. If you did train, log it again with \`/checkin\`.`,
            },
            fallbackWhat: FALLBACK_WHAT.checkinDeleted,
          },
          assignmentId: a.id,
          expiresAt: new Date(now.getTime() + CARD_UPDATE_TTL_MS),
        },
        now,
      );
      const m = this.cardUpdate(team, a, now);
      if (m) this.deps.outbox.enqueue(m, now);
    })();
    return ok(this.deps.assignments.get(team.guildId, a.id)!);
  }

  /** Ends an excusal early: its last day becomes `lastDay` (default yesterday, so today counts again). */
  endExcusal(team: Team, coachId: string, excusal: Excusal, lastDay?: string | null): Outcome<LocalDate> {
    const today = teamToday(team, this.deps.clock);
    const parsed = lastDay?.trim()
      ? parseSessionDate(lastDay, today, { maxPastDays: 366 })
      : ({ ok: true, value: addDays(today, -1) } as const);
    if (!parsed.ok) return refuse(parsed.message);
    if (parsed.value < excusal.fromDate) {
      return refuse(
        `That excusal starts on ${formatLocalDate(excusal.fromDate)}, after that day. To take it back entirely, use \`/excuse remove\`.`,
      );
    }
    if (parsed.value >= excusal.toDate) return refuse(`It already ends on ${formatLocalDate(excusal.toDate)}.`);
    if (!this.deps.corrections.endExcusal(team.guildId, excusal.id, parsed.value, coachId, this.deps.clock.now())) {
      return refuse('That excusal changed meanwhile. Check it with `/excuse list`.');
    }
    return ok(parsed.value);
  }

  /** Assignments a coach may fix, newest first, for autocomplete (`athleteId` narrows to one athlete). */
  recent(team: Team, from: LocalDate, to: LocalDate, athleteId: string | null): PickableAssignment[] {
    return this.deps.corrections.recent(team.guildId, from, to, athleteId);
  }

  removeExcusal(team: Team, excusalId: number): Outcome<true> {
    return this.deps.corrections.removeExcusal(team.guildId, excusalId) ? ok(true) : refuse('That excusal is already gone.');
  }

  /** Sessions due and unlogged: one date, or by default the last week (the window athletes can log in). */
  pending(
    team: Team,
    q: { date?: string | null; templateId?: string | null; group?: string | null },
  ): Outcome<{ rows: PendingSession[]; from: LocalDate; to: LocalDate }> {
    const now = this.deps.clock.now();
    const today = localDateOf(now, team.timeZone);
    let from = addDays(today, -(PENDING_DAYS - 1));
    let to = today;
    if (q.date?.trim()) {
      const d = parseSessionDate(q.date, today, { maxPastDays: 60, maxFutureDays: 0 });
      if (!d.ok) return refuse(d.message.replace(/sessions can be logged.*$/, '/pending looks back up to 60 days.'));
      from = to = d.value;
    }
    const rows = this.deps.corrections.pending(team.guildId, {
      from,
      to,
      dueBy: now,
      templateId: q.templateId?.trim() || null,
      group: q.group?.trim() || null,
    });
    return ok({ rows, from, to });
  }

  /** What a "Nudge all" button shown earlier covers now: the same span, session and group, due by now. */
  pendingBetween(team: Team, q: { from: LocalDate; to: LocalDate; templateId: string | null; group: string | null }): PendingSession[] {
    return this.deps.corrections.pending(team.guildId, { ...q, dueBy: this.deps.clock.now() });
  }

  /**
   * A DM asking each athlete to log their session: at most one per athlete per session (its
   * outbox key), and skipped if the session is logged, excused or cancelled before it goes.
   */
  nudge(team: Team, assignmentIds: readonly number[]): Outcome<{ nudged: Assignment[]; already: Assignment[] }> {
    const now = this.deps.clock.now();
    const rows = assignmentIds
      .map((id) => this.deps.assignments.get(team.guildId, id))
      .filter((a): a is Assignment => !!a && !a.cancelledAt && !a.checkin);
    if (rows.length === 0) return refuse('Nobody left to nudge: those sessions are logged or cancelled now.');
    return ok(
      this.deps.db.transaction(() => {
        const nudged: Assignment[] = [];
        const already: Assignment[] = [];
        for (const a of rows) {
          const { created } = this.deps.outbox.enqueue(
            {
              guildId: team.guildId,
              purpose: 'checkin_nudge',
              target: { to: 'athlete', athleteId: a.athleteId },
              key: nudgeKey(team.guildId, a.id),
              body: {
                type: 'notice',
                notice: {
                  text: `Your coach is waiting on your check-in for **${a.title}** (${formatLocalDate(a.sessionDate)}). Log it with \`/checkin\`, or the buttons on the session.`,
                },
                fallbackWhat: FALLBACK_WHAT.checkin,
              },
              assignmentId: a.id,
              onlyIfOpen: true,
              expiresAt: new Date(now.getTime() + NUDGE_TTL_MS),
            },
            now,
          );
          (created ? nudged : already).push(a);
        }
        return { nudged, already };
      })(),
    );
  }

  /** Which of these sessions were already nudged (for the /pending buttons). */
  alreadyNudged(guildId: string, assignmentIds: readonly number[]): Set<number> {
    const keys = this.deps.outbox.existingKeys(assignmentIds.map((id) => nudgeKey(guildId, id)));
    return new Set(assignmentIds.filter((id) => keys.has(nudgeKey(guildId, id))));
  }
}

/** Outbox keys are unique across teams: the team is part of it. */
export function nudgeKey(guildId: string, assignmentId: number): string {
  return `nudge:${guildId}:${assignmentId}`;
}
