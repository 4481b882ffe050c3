import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17-20 digits)');

const configSchema = z.object({
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DATABASE_PATH: z.string().trim().min(1).default('./data/backline.db'),
  DISCORD_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' }).optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Request the privileged Server Members intent, so members who leave are taken off the squad at once. */
  DISCORD_MEMBERS_INTENT: z.stringbool().default(false),
  /** Where `npm run backup` and the nightly backup write (same encrypted disk as the database). */
  BACKUP_DIR: z.string().trim().min(1).default('./backups'),
  /** Nightly backups kept (the oldest are deleted); 0 turns the nightly backup off. */
  BACKUP_KEEP: z.coerce.number().int().min(0).max(365).default(7),
  /** When the nightly backup runs, HH:MM in UTC. */
  BACKUP_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, UTC)')
    .default('03:00'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; each wrong value is named in one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = configSchema.safeParse(blanksRemoved);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}

/** Reads KEY=VALUE lines from a .env file into the environment, without overriding what is already set. */
export function readDotEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): void {
  if (!existsSync(path)) return;
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    if (env[key] === undefined) env[key] = value;
  }
}
