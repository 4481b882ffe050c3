import { PermissionFlagsBits } from 'discord.js';
import type { Command } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import assign from './assign';
import assignment from './assignment';
import athlete from './athlete';
import audit from './audit';
import checkin from './checkin';
import digest from './digest';
import excusal from './excusal';
import excuse from './excuse';
import exercise from './exercise';
import exportCommand from './export';
import help from './help';
import library from './library';
import log from './log';
import me from './me';
import pending from './pending';
import privacy from './privacy';
import program from './program';
import readiness from './readiness';
import session from './session';
import settings from './settings';
import setup from './setup';
import squad from './squad';
import status from './status';
import teamsession from './teamsession';
import today from './today';

/**
 * Coach-only commands are hidden from athletes' "/" menu: Discord shows them by default only
 * to members with Manage Server, and an admin lets the coach role see them in Server Settings →
 * Integrations → Backline (README, "Who sees which command"). The handler still checks the coach
 * role: menus are a convenience, not the permission.
 */
export const COACH_DEFAULT_PERMISSIONS = String(PermissionFlagsBits.ManageGuild);

function hiddenFromAthletes(command: Command): Command {
  if (command.preconditions !== COACH || command.data.default_member_permissions !== undefined) return command;
  return { ...command, data: { ...command.data, default_member_permissions: COACH_DEFAULT_PERMISSIONS } };
}

/** Every slash command, in one static list: registration and routing both read it. */
export const commands: readonly Command[] = [
  setup,
  squad,
  assign,
  library,
  today,
  checkin,
  program,
  digest,
  athlete,
  exportCommand,
  me,
  settings,
  excuse,
  session,
  exercise,
  assignment,
  pending,
  excusal,
  status,
  log,
  teamsession,
  readiness,
  help,
  privacy,
  audit,
].map(hiddenFromAthletes);

export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));

/** What Discord registers: `npm start` and `npm run register` both overwrite the list with it. */
export const commandData = commands.map((c) => c.data);
