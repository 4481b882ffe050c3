// The floor of "start to commands registered" and "idle memory": a discord.js bot that does
// nothing but log in with the same intents, register one command and print that it is online.
import { Client, GatewayIntentBits, Partials } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel, Partials.Message],
  rest: { api: process.env.DISCORD_API_URL },
});
client.once('clientReady', async () => {
  await client.application.commands.set([{ name: 'ping', description: 'ping' }]);
  console.log('no-op bot is online');
});
process.once('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
await client.login(process.env.DISCORD_TOKEN);
