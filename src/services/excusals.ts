import { daysBetween, localDateOf, parseSessionDate, type LocalDate } from '../domain/time';
import type { Excusal, ExcusalLookup, ExcusalReason, ExcusalRepository } from '../repositories/excusals';
import type { SquadRepository } from '../repositories/squad';
import type { Team } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

/** An excusal may start this far back (to cover sessions already missed) … */
export const EXCUSE_MAX_PAST_DAYS = 28;
/** … and last at most this long; longer absences are better handled by stopping the program. */
export const EXCUSE_MAX_DAYS = 120;

/** Validates and stores `/excuse athlete from to [reason]`. Dates are team-local. */
export function excuseAthlete(
  deps: { excusals: ExcusalRepository; squad: SquadRepository },
  req: { team: Team; coachId: string; athleteId: string; from: string; to: string; reason: ExcusalReason | null; now: Date },
): Outcome<Excusal> {
  const { team, now } = req;
  if (!deps.squad.get(team.guildId, req.athleteId)) return refuse(`<@${req.athleteId}> isn't in the squad.`);
  const today = localDateOf(now, team.timeZone);
  const limits = { maxPastDays: EXCUSE_MAX_PAST_DAYS, maxFutureDays: 365, order: team.dateOrder };
  const from = parseSessionDate(req.from, today, limits);
  if (!from.ok) return refuse(`From: ${from.message}`);
  const to = parseSessionDate(req.to, today, { ...limits, maxPastDays: EXCUSE_MAX_PAST_DAYS + EXCUSE_MAX_DAYS });
  if (!to.ok) return refuse(`To: ${to.message}`);
  if (to.value < from.value) return refuse(`The excusal ends (${to.value}) before it starts (${from.value}).`);
  if (daysBetween(from.value, to.value) + 1 > EXCUSE_MAX_DAYS) {
    return refuse(`That's more than ${EXCUSE_MAX_DAYS} days. For a long absence, stop their program and start it again when they're back.`);
  }
  return ok(
    deps.excusals.add(
      {
        guildId: team.guildId,
        athleteId: req.athleteId,
        fromDate: from.value,
        toDate: to.value,
        reason: req.reason,
        createdBy: req.coachId,
      },
      now,
    ),
  );
}

/** Illness and injury excusals: /excuse, and who is excused on a day (prompts, reminders, compliance). */
export class ExcusalService {
  constructor(private readonly deps: { excusals: ExcusalRepository; squad: SquadRepository }) {}

  excuse(req: Parameters<typeof excuseAthlete>[1]): Outcome<Excusal> {
    return excuseAthlete(this.deps, req);
  }

  forAthlete(guildId: string, athleteId: string): Excusal[] {
    return this.deps.excusals.forAthlete(guildId, athleteId);
  }

  isExcused(guildId: string, athleteId: string, localDate: LocalDate): boolean {
    return this.deps.excusals.isExcused(guildId, athleteId, localDate);
  }

  /** Every team's excusals over a span, read once (the scheduler's tick). */
  lookup(from: LocalDate, to: LocalDate): ExcusalLookup {
    return this.deps.excusals.lookup(from, to);
  }
}
