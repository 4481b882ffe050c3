// The floor of "start to commands registered", "idle memory" and of every interaction end to end: a
// discord.js bot with the same intents that logs in, registers one command and prints that it is
// online, and answers every interaction and every DM with a fixed reply (bench/interactions.ts).
import { Client, GatewayIntentBits, MessageFlags, Partials } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel, Partials.Message],
  rest: { api: process.env.DISCORD_API_URL },
});
client.on('interactionCreate', (interaction) => {
  if (interaction.isRepliable()) interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral }).catch(() => undefined);
});
client.on('messageCreate', (message) => {
  if (!message.author.bot && !message.inGuild()) message.reply('ok').catch(() => undefined);
});
client.once('clientReady', async () => {
  await client.application.commands.set([{ name: 'ping', description: 'ping' }]);
  console.log('no-op bot is online');
});
process.once('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN);
