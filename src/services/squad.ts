import type { Db } from '../db/database';
import { HOUR_MS } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { Athlete, SquadRepository } from '../repositories/squad';
import type { DirectNotice } from '../outbox/messages';
import { consentNotice } from './privacy';
import type { Team } from '../repositories/teams';

/** How long a welcome is still worth sending: after a week the athlete has met Backline anyway. */
const WELCOME_TTL_MS = 7 * 24 * HOUR_MS;

/**
 * The welcome an athlete gets when added to the squad, before their first session: what Backline
 * is, how to log, who sees what. Short, so a first contact isn't a 2,500-character session card.
 */
/** The welcome with the consent question under it: what is stored, who sees it, and "I agree" / "No thanks". */
export function welcomeNotice(team: Team, coachId: string): DirectNotice {
  const consent = consentNotice(team);
  return { text: `${welcomeText(team, coachId)}\n\n${consent.text}`, ...(consent.buttons ? { buttons: consent.buttons } : {}) };
}

export function welcomeText(_team: Team, coachId: string): string {
  return [
    `👋 Welcome to Backline: <@${coachId}> added you to the team's squad. Your strength sessions will come here by DM.`,
    'After each session, reply with your effort, pain and minutes, e.g. `rpe 7, pain 2, 45 min` (or tap **Log session** on the card). Made a mistake? Reply `pain was 4` and I fix it.',
    "Who sees what: you see your own check-ins; your team's coaches and staff see the squad's, pain flags only in their private channel. `/help` in the server says more.",
  ].join('\n');
}

export class SquadService {
  constructor(private readonly deps: { db: Db; squad: SquadRepository; outbox: Outbox }) {}

  get(guildId: string, userId: string): Athlete | undefined {
    return this.deps.squad.get(guildId, userId);
  }

  list(guildId: string): Athlete[] {
    return this.deps.squad.list(guildId);
  }

  /** The team's group names, for autocomplete. */
  groups(guildId: string): string[] {
    return this.deps.squad.groups(guildId);
  }

  /** Takes an athlete off the squad; their history stays until retention or erasure. */
  remove(guildId: string, userId: string, now: Date): boolean {
    return this.deps.squad.remove(guildId, userId, now);
  }

  /** Adds (or re-adds) an athlete; a first-time member of this team is owed a welcome DM, in the same transaction. */
  add(
    team: Team,
    req: { userId: string; displayName: string; group: string | null; coachId: string },
    now: Date,
  ): { joined: boolean; athlete: Athlete; welcomed: boolean } {
    return this.deps.db.transaction(() => {
      const { joined, athlete } = this.deps.squad.add(team.guildId, req.userId, req.displayName, req.group, now);
      let welcomed = false;
      if (joined) {
        welcomed = this.deps.outbox.enqueue(
          {
            guildId: team.guildId,
            purpose: 'welcome',
            target: { to: 'athlete', athleteId: req.userId },
            body: { type: 'notice', notice: welcomeNotice(team, req.coachId), fallbackWhat: '' },
            // Once per athlete and team: leaving and rejoining the squad doesn't welcome again.
            key: `welcome:${team.guildId}:${req.userId}`,
            expiresAt: new Date(now.getTime() + WELCOME_TTL_MS),
          },
          now,
        ).created;
      }
      return { joined, athlete, welcomed };
    })();
  }

  /** Several members at once (everyone holding a role, or several mentions), one transaction: who joined, who already was. */
  addMany(
    team: Team,
    members: readonly { userId: string; displayName: string }[],
    group: string | null,
    coachId: string,
    now: Date,
  ): { added: Athlete[]; already: Athlete[] } {
    return this.deps.db.transaction(() => {
      const added: Athlete[] = [];
      const already: Athlete[] = [];
      for (const m of members) {
        const r = this.add(team, { ...m, group, coachId }, now);
        (r.joined ? added : already).push(r.athlete);
      }
      return { added, already };
    })();
  }
}
