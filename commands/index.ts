import type { Command } from '../src/discord/command';
import assign from './assign';
import athlete from './athlete';
import audit from './audit';
import checkin from './checkin';
import digest from './digest';
import excuse from './excuse';
import exportCommand from './export';
import help from './help';
import library from './library';
import log from './log';
import me from './me';
import privacy from './privacy';
import program from './program';
import readiness from './readiness';
import settings from './settings';
import setup from './setup';
import squad from './squad';
import status from './status';
import teamsession from './teamsession';
import today from './today';

/** Every slash command, in one static list: registration and routing both read it. */
export const commands: readonly Command[] = [setup, squad, assign, library, today, checkin, program, digest, athlete, exportCommand, me, settings, excuse, status, log, teamsession, readiness, help, privacy, audit];

export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));
