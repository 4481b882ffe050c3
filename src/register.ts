// `npm run register`: registers the slash commands without starting the bot, with the same
// bulk overwrite `npm start` does after login. Useful after adding a command, or to
// register to one test server (DISCORD_GUILD_ID) while the bot runs elsewhere.
import { pathToFileURL } from 'node:url';
import { REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import { commandData } from '../commands';
import { ConfigError, loadConfig, readDotEnv } from './config';

export interface Registered {
  count: number;
  scope: 'global' | { guildId: string };
}

export async function registerCommands(o: { token: string; apiUrl?: string; guildId?: string }): Promise<Registered> {
  const rest = new REST(o.apiUrl ? { api: o.apiUrl } : {}).setToken(o.token);
  const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
  const route = o.guildId ? Routes.applicationGuildCommands(application.id, o.guildId) : Routes.applicationCommands(application.id);
  // Bulk overwrite: idempotent, and commands removed from commands/index.ts disappear.
  await rest.put(route, { body: commandData });
  return { count: commandData.length, scope: o.guildId ? { guildId: o.guildId } : 'global' };
}

async function main(): Promise<void> {
  readDotEnv();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new ConfigError('DISCORD_TOKEN: set the bot token to register its commands (see .env.example).');
  const result = await registerCommands({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, guildId: config.DISCORD_GUILD_ID });
  const where =
    result.scope === 'global' ? 'globally (Discord may take up to an hour to show them everywhere)' : `to server ${result.scope.guildId}`;
  console.log(`Registered ${result.count} slash commands ${where}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
