/**
 * Every custom id of a button or form, each with its encoder and its parser side by side.
 * They carry row ids, never health data, except the short-lived "pick" button that
 * confirms a DM reply's own numbers to its sender.
 *
 * An id reads "prefix:arg:arg". The router picks the handler by prefix and hands it the
 * parsed, validated value; a custom id that no longer parses is "out of date".
 */
import { z } from 'zod';
import {
  CONSENT_PREFIX,
  consentIds,
  ERASE_PREFIX,
  eraseIds,
  parseConsentId,
  parseEraseId,
  type ConsentAnswer,
  type EraseTarget,
} from '../services/privacy';
import { checkinSchema, type CheckinValues } from '../domain/checkin';
import { TEMPLATE_ID } from '../domain/library/schema';
import { PAIN_AREAS } from '../domain/pain';
import { isValidLocalDate, type LocalDate } from '../domain/time';
import {
  allTrainingIds,
  NORDIC_DONE_PREFIX,
  parseNordicDoneId,
  parseReadinessId,
  parseTeamRpeId,
  READINESS_PREFIX,
  TEAM_RPE_PREFIX,
} from '../services/allTrainingIds';

/** Discord's limit on a custom id. */
export const CUSTOM_ID_MAX = 100;

export interface CustomIdCodec<T> {
  readonly prefix: string;
  encode(value: T): string;
  /** The value, or undefined when the id is someone else's, malformed or out of range. */
  parse(customId: string): T | undefined;
}

/** A row id as it appears in a custom id: digits only, positive, safe. */
const rowId = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .pipe(z.number().int().positive());

function codec<T>(prefix: string, args: z.ZodType<T>, toArgs: (value: T) => (string | number)[]): CustomIdCodec<T> {
  if (!/^[a-z]+$/.test(prefix)) throw new Error(`custom id prefix "${prefix}" must be lower-case letters`);
  return {
    prefix,
    encode(value) {
      const id = [prefix, ...toArgs(value)].join(':');
      if (id.length > CUSTOM_ID_MAX)
        throw new RangeError(`custom id ${prefix}:… is ${id.length} characters, Discord takes ${CUSTOM_ID_MAX}`);
      return id;
    },
    parse(customId) {
      const [head, ...rest] = customId.split(':');
      if (head !== prefix) return undefined;
      const parsed = args.safeParse(rest);
      return parsed.success ? parsed.data : undefined;
    },
  };
}

/**
 * A codec over an encoder and parser kept elsewhere: ids the services build for the messages they
 * owe (src/services/allTrainingIds.ts, the consent and erase ids in src/services/privacy.ts), since
 * services import nothing from src/discord; the router still reaches them here.
 */
function adopted<T>(prefix: string, encode: (value: T) => string, parse: (customId: string) => T | undefined): CustomIdCodec<T> {
  return { prefix, encode, parse: (customId) => (prefixOf(customId) === prefix ? parse(customId) : undefined) };
}

export interface TeamRpeTap {
  guildId: string;
  otherSessionId: number;
  rpe: number;
}
export interface ReadinessTap {
  guildId: string;
  date: string;
  soFar: number[];
  value: number;
}
export interface NordicDoneTap {
  guildId: string;
  assignmentId: number;
}

export interface SessionRef {
  assignmentId: number;
}
const sessionRef = z.tuple([rowId]).transform(([assignmentId]) => ({ assignmentId }));

export interface MissValue extends SessionRef {
  /** Replaces a completed check-in (the athlete confirmed). */
  replace?: boolean;
}
const missRef = z
  .union([z.tuple([rowId]), z.tuple([rowId, z.literal('replace')])])
  .transform(([assignmentId, replace]): MissValue => ({ assignmentId, replace: replace === 'replace' }));

export interface LogButtonValue extends SessionRef {
  /** The "Try again" under a refused form: a different id from the session card's button in the same DM. */
  retry: boolean;
}

/** Numbers of a DM reply, shown back on a button so the athlete picks which session they belong to. */
export interface PickValue extends SessionRef {
  values: Pick<CheckinValues, 'rpe' | 'pain' | 'minutes' | 'painArea'>;
}
const pickedValues = checkinSchema.pick({ rpe: true, pain: true, minutes: true, painArea: true });
const score = z
  .string()
  .regex(/^\d{1,3}$/)
  .transform(Number);

export interface PainAnswerValue {
  followupId: number;
  settled: boolean;
}

/** A whiteboard draft or kept text, held in memory by services/teamSessions.ts under a 16-hex token. */
const draftToken = z.string().regex(/^[0-9a-f]{16}$/);
const templateId = z.string().max(80).regex(TEMPLATE_ID);
const localDate = z.string().refine(isValidLocalDate);

/** The whiteboard form: a new session, an edit of a team session, or the button reopening a text that had problems. */
export type WhiteboardValue = { mode: 'new' } | { mode: 'edit'; templateId: string } | { mode: 'text'; token: string };

export interface DraftCardValue {
  action: 'save' | 'fix' | 'discard';
  token: string;
}

/** What /pending listed, so "Nudge all" finds who still owes a check-in at the click. */
export interface PendingQuery {
  from: LocalDate;
  to: LocalDate;
  templateId: string | null;
  group: string | null;
}
export type NudgeValue = { who: 'one'; assignmentId: number } | { who: 'all'; query: PendingQuery };
/** A group name in a custom id: base64url, so any character the coach used survives the ":" separators. */
const groupArg = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .transform((b64) => (b64 ? Buffer.from(b64, 'base64url').toString('utf8') : null));

export const customIds = {
  /** "Log session" on a session card or reminder, and "Try again" under a refused form. */
  logButton: codec<LogButtonValue>(
    'log',
    z
      .union([z.tuple([rowId]), z.tuple([rowId, z.literal('retry')])])
      .transform(([assignmentId, retry]) => ({ assignmentId, retry: retry === 'retry' })),
    (v) => (v.retry ? [v.assignmentId, 'retry'] : [v.assignmentId]),
  ),
  /** "Couldn't train"; `replace` once the athlete confirmed replacing a completed check-in. */
  missButton: codec<MissValue>('miss', missRef, (v) => (v.replace ? [v.assignmentId, 'replace'] : [v.assignmentId])),
  /** The check-in form. */
  logModal: codec<SessionRef>('logm', sessionRef, (v) => [v.assignmentId]),
  /** The "couldn't train" form; `replace` as for its button. */
  missModal: codec<MissValue>('missm', missRef, (v) => (v.replace ? [v.assignmentId, 'replace'] : [v.assignmentId])),
  /** Answers "was 7 your effort or your pain?" in the athlete's own DM conversation (the number stays in the draft). */
  answer: codec<{ field: 'rpe' | 'pain' | 'minutes' }>(
    'ans',
    z.tuple([z.enum(['rpe', 'pain', 'minutes'])]).transform(([field]) => ({ field })),
    (v) => [v.field],
  ),
  pickButton: codec<PickValue>(
    'pick',
    z
      .tuple([rowId, score, score, score, z.union([z.literal(''), z.enum(PAIN_AREAS)])])
      .transform(([assignmentId, rpe, pain, minutes, area]) => ({ assignmentId, values: { rpe, pain, minutes, painArea: area || null } }))
      .pipe(z.object({ assignmentId: z.number(), values: pickedValues })),
    (v) => [v.assignmentId, v.values.rpe, v.values.pain, v.values.minutes, v.values.painArea ?? ''],
  ),
  /** "Has it settled?" Yes / No in the athlete's DM. */
  painAnswer: codec<PainAnswerValue>(
    'painfu',
    z.tuple([rowId, z.enum(['yes', 'no'])]).transform(([followupId, answer]) => ({ followupId, settled: answer === 'yes' })),
    (v) => [v.followupId, v.settled ? 'yes' : 'no'],
  ),
  /** "Yes, assign a second copy" under a duplicate /assign warning: the first /assign's interaction id. */
  assignAgain: codec<{ interactionId: string }>(
    'assignagain',
    z.tuple([z.string().regex(/^\d{17,20}$/)]).transform(([interactionId]) => ({ interactionId })),
    (v) => [v.interactionId],
  ),
  /** A team session's RPE, one tap. */
  teamRpe: adopted<TeamRpeTap>(TEAM_RPE_PREFIX, (v) => allTrainingIds.teamRpe(v.guildId, v.otherSessionId, v.rpe), parseTeamRpeId),
  /** One readiness answer per tap, carrying the answers given so far in the athlete's own DM. */
  readiness: adopted<ReadinessTap>(
    READINESS_PREFIX,
    (v) => allTrainingIds.readiness(v.guildId, v.date, v.soFar.join(''), v.value),
    parseReadinessId,
  ),
  /** "All done" for a Nordic session. */
  nordicDone: adopted<NordicDoneTap>(NORDIC_DONE_PREFIX, (v) => allTrainingIds.nordicDone(v.guildId, v.assignmentId), parseNordicDoneId),
  /** The whiteboard form (tsm:new: | tsm:edit:<templateId>) and the "Fix the text" button reopening a kept text (tsm:text:<token>). */
  whiteboard: codec<WhiteboardValue>(
    'tsm',
    z.union([
      z.tuple([z.literal('new'), z.literal('')]).transform((): WhiteboardValue => ({ mode: 'new' })),
      z.tuple([z.literal('edit'), templateId]).transform(([, id]): WhiteboardValue => ({ mode: 'edit', templateId: id })),
      z.tuple([z.literal('text'), draftToken]).transform(([, token]): WhiteboardValue => ({ mode: 'text', token })),
    ]),
    (v) => (v.mode === 'new' ? ['new', ''] : v.mode === 'edit' ? ['edit', v.templateId] : ['text', v.token]),
  ),
  /** Save / Fix the text / Discard under a draft card. */
  draftCard: codec<DraftCardValue>(
    'tss',
    z.tuple([z.enum(['save', 'fix', 'discard']), draftToken]).transform(([action, token]) => ({ action, token })),
    (v) => [v.action, v.token],
  ),
  /** /pending's Nudge buttons: pn:one:<assignmentId> | pn:all:<from>:<to>:<templateId or empty>:<group, base64url, or empty>. */
  nudge: codec<NudgeValue>(
    'pn',
    z.union([
      z.tuple([z.literal('one'), rowId]).transform(([, assignmentId]): NudgeValue => ({ who: 'one', assignmentId })),
      z
        .tuple([z.literal('all'), localDate, localDate, z.union([z.literal(''), templateId]), groupArg])
        .transform(([, from, to, template, group]): NudgeValue => ({
          who: 'all',
          query: { from, to, templateId: template || null, group },
        })),
    ]),
    (v) =>
      v.who === 'one'
        ? ['one', v.assignmentId]
        : [
            'all',
            v.query.from,
            v.query.to,
            v.query.templateId ?? '',
            v.query.group ? Buffer.from(v.query.group, 'utf8').toString('base64url') : '',
          ],
  ),
  /** "I agree" / "No thanks" / "Withdraw consent" (welcome DM and /privacy consent); services/privacy.ts builds them for the outbox. */
  consent: adopted<ConsentAnswer>(CONSENT_PREFIX, (v) => consentIds[v.answer](v.guildId), parseConsentId),
  /** Erase confirmations: the clicker's own data, or (coaches) an athlete's. */
  erase: adopted<EraseTarget>(
    ERASE_PREFIX,
    (v) => (v.kind === 'self' ? eraseIds.self(v.guildId) : eraseIds.athlete(v.guildId, v.athleteId)),
    parseEraseId,
  ),
  /** Staff's "Undo" under a regression notice. */
  painUndo: codec<{ adjustmentId: number }>(
    'painundo',
    z.tuple([rowId]).transform(([adjustmentId]) => ({ adjustmentId })),
    (v) => [v.adjustmentId],
  ),
} as const;

/**
 * The id, or undefined when the value would not come back from it (over Discord's 100 characters,
 * or a part the parser refuses): the caller leaves that button out rather than send a dead one.
 */
export function encodeIfValid<T>(c: CustomIdCodec<T>, value: T): string | undefined {
  try {
    const id = c.encode(value);
    return c.parse(id) !== undefined ? id : undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** The prefix of any custom id, for routing. */
export function prefixOf(customId: string): string {
  return customId.split(':', 1)[0] ?? '';
}

/** The text inputs of the two forms: render/session.ts sets these ids, components/checkin.ts reads them. */
export const formFields = {
  checkin: { rpe: 'rpe', minutes: 'minutes', pain: 'pain', area: 'area', note: 'note' },
  missed: { reason: 'reason' },
} as const;
