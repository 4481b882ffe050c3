import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { app: 'backline' } }, destination ?? process.stdout);
}

export const silentLogger: Logger = pino({ level: 'silent' });
