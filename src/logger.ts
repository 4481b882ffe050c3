import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Never logged: health data (pain, notes, check-in values), interaction tokens and the URLs
 * that carry them, request bodies. Paths are pino redaction paths (one level of wildcard).
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'pain',
  '*.pain',
  'note',
  '*.note',
  'notes',
  'values',
  '*.values',
  'content',
  '*.content',
  'requestBody',
  '*.requestBody',
  'rawError',
  '*.rawError',
  'url',
  '*.url',
  'headers',
  '*.headers',
];

const URL_WITH_PATH = /https?:\/\/\S+/g;

/**
 * Errors as a few safe fields: discord.js errors carry the request body (pain values, notes) and
 * the URL (interaction callbacks hold the token), so neither is kept; URLs in messages are cut.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!err || typeof err !== 'object') return { message: String(err).replace(URL_WITH_PATH, '<url>').slice(0, 300) };
  const e = err as { name?: unknown; message?: unknown; code?: unknown; status?: unknown; method?: unknown; stack?: unknown };
  const out: Record<string, unknown> = { type: typeof e.name === 'string' ? e.name : 'Error' };
  if (typeof e.message === 'string') out.message = e.message.replace(URL_WITH_PATH, '<url>').slice(0, 300);
  if (e.code !== undefined) out.code = e.code;
  if (e.status !== undefined) out.status = e.status;
  if (typeof e.method === 'string') out.method = e.method;
  // The stack names our own files and lines only (no values): useful, and safe to keep.
  if (typeof e.stack === 'string') out.stack = e.stack.split('\n').slice(1, 8).join('\n').replace(URL_WITH_PATH, '<url>');
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'backline' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: safeError, error: safeError },
    },
    // Stdout is written asynchronously (pino flushes what is left when the process exits): a
    // synchronous write per line cost each interaction a tenth of its CPU when stdout is a pipe.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
