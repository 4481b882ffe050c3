// `npm run register` against the local Discord: the same list `npm start` registers, globally or to one server.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands';
import { LocalDiscord } from '../../src/demo/local-discord';
import { registerCommands } from '../../src/register';

describe('npm run register', () => {
  let discord: LocalDiscord;
  beforeEach(async () => {
    discord = await LocalDiscord.start();
  });
  afterEach(async () => {
    await discord.stop();
  });

  it('overwrites the global commands with every command in commands/index.ts', async () => {
    const result = await registerCommands({ token: discord.token, apiUrl: discord.apiUrl });
    expect(result).toEqual({ count: commands.length, scope: 'global' });
    expect(discord.registeredCommands().map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    // Twice is the same as once.
    await registerCommands({ token: discord.token, apiUrl: discord.apiUrl });
    expect(discord.registeredCommands()).toHaveLength(commands.length);
  });

  it('registers to one server when given its id, leaving the global list alone', async () => {
    const owner = discord.createUser('owner');
    const guild = discord.createGuild({ name: 'Club', ownerId: owner.id });
    const result = await registerCommands({ token: discord.token, apiUrl: discord.apiUrl, guildId: guild.id });
    expect(result.scope).toEqual({ guildId: guild.id });
    expect(discord.registeredCommands(guild.id).map((c) => c.name)).toContain('checkin');
    expect(discord.registeredCommands()).toEqual([]);
  });

  it('without a token, exits 1 and says what to set', () => {
    const env = { ...process.env, DISCORD_TOKEN: '' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/register.ts'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DISCORD_TOKEN: set the bot token');
  });
});
