/**
 * Custom ids of the buttons issue 13 adds (team-session RPE, readiness, Nordic "all done"),
 * built by the services that write the owed messages and read back by src/discord/components.
 * They carry ids and dates; the readiness id also carries the answers given so far in that
 * athlete's own DM (short-lived, like the check-in "pick" button), never anyone else's data.
 */
import { READINESS_ITEMS, READINESS_MAX, READINESS_MIN } from '../domain/readiness';

export const TEAM_RPE_PREFIX = 'trpe';
export const READINESS_PREFIX = 'rdy';
export const NORDIC_DONE_PREFIX = 'nrd';

export const allTrainingIds = {
  teamRpe: (guildId: string, otherSessionId: number, rpe: number) => `${TEAM_RPE_PREFIX}:${guildId}:${otherSessionId}:${rpe}`,
  /** `soFar` is the answers already tapped, in item order, e.g. "54". */
  readiness: (guildId: string, date: string, soFar: string, value: number) => `${READINESS_PREFIX}:${guildId}:${date}:${soFar}:${value}`,
  nordicDone: (guildId: string, assignmentId: number) => `${NORDIC_DONE_PREFIX}:${guildId}:${assignmentId}`,
} as const;

const SNOWFLAKE = /^\d{15,22}$/;

export function parseTeamRpeId(customId: string): { guildId: string; otherSessionId: number; rpe: number } | undefined {
  const m = /^trpe:(\d+):(\d+):(\d{1,2})$/.exec(customId);
  if (!m || !SNOWFLAKE.test(m[1]!) || Number(m[3]) > 10) return undefined;
  return { guildId: m[1]!, otherSessionId: Number(m[2]), rpe: Number(m[3]) };
}

export function parseReadinessId(customId: string): { guildId: string; date: string; soFar: number[]; value: number } | undefined {
  const m = /^rdy:(\d+):(\d{4}-\d{2}-\d{2}):([1-7]{0,4}):([1-7])$/.exec(customId);
  if (!m || !SNOWFLAKE.test(m[1]!)) return undefined;
  const soFar = [...m[3]!].map(Number);
  const value = Number(m[4]);
  if (soFar.length >= READINESS_ITEMS.length || value < READINESS_MIN || value > READINESS_MAX) return undefined;
  return { guildId: m[1]!, date: m[2]!, soFar, value };
}

export function parseNordicDoneId(customId: string): { guildId: string; assignmentId: number } | undefined {
  const m = /^nrd:(\d+):(\d+)$/.exec(customId);
  if (!m || !SNOWFLAKE.test(m[1]!)) return undefined;
  return { guildId: m[1]!, assignmentId: Number(m[2]) };
}
