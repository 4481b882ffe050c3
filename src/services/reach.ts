import type { Logger } from '../logger';
import type { Team } from '../repositories/teams';
import type { Messenger } from './messenger';

export interface Reached<T> {
  byDm: { item: T; channelId: string; messageId: string }[];
  /** DMs closed: mentioned once, together, in the team's fallback channel. */
  fellBack: T[];
  /** Not told at all: closed DMs with no fallback channel, or Discord refused. */
  unreached: { item: T; why: string }[];
}

/**
 * Sends one DM per item; athletes whose DMs are closed (50007, never retried) are pinged
 * together in the fallback channel with `what` and no health data.
 */
export async function reachAthletes<T>(
  deps: { messenger: Messenger; logger: Logger },
  team: Team,
  items: readonly T[],
  athleteIdOf: (item: T) => string,
  send: (item: T) => ReturnType<Messenger['sendDirectText']>,
  what: string,
): Promise<Reached<T>> {
  const reached: Reached<T> = { byDm: [], fellBack: [], unreached: [] };
  const closed: T[] = [];
  for (const item of items) {
    const result = await send(item);
    if (result.ok) reached.byDm.push({ item, channelId: result.channelId, messageId: result.messageId });
    else if (result.reason === 'dms_closed') closed.push(item);
    else {
      deps.logger.warn({ guildId: team.guildId, athleteId: athleteIdOf(item), detail: result.detail }, 'direct message failed');
      reached.unreached.push({ item, why: 'Discord refused the message' });
    }
  }
  if (closed.length === 0) return reached;
  const posted = team.fallbackChannelId
    ? await deps.messenger.postFallbackNotice(team, closed.map(athleteIdOf), what)
    : ({ ok: false, detail: 'no fallback channel is set' } as const);
  for (const item of closed) {
    if (posted.ok) reached.fellBack.push(item);
    else reached.unreached.push({ item, why: `DMs closed and ${posted.detail}` });
  }
  return reached;
}
