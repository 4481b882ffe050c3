import { ChannelType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { isValidTimeZone } from '../src/domain/time';
import { resolveTimeZone, searchTimeZones } from '../src/domain/when';
import { respondWithTimeZones } from '../src/discord/autocomplete';
import { describeViolations } from '../src/domain/staffChannel';
import { checkStaffChannel } from '../src/discord/staffChannel';
import { defineCommand } from '../src/discord/command';
import { SERVER_ADMIN } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('setup')
    .setDescription('Set Backline up for this server: time zone, coach role and staff channel')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(0)
    .addStringOption((o) =>
      o
        .setName('timezone')
        .setDescription("The team's time zone: a city, country or EST, CET, eastern…")
        .setRequired(true)
        .setAutocomplete(true),
    )
    .addRoleOption((o) =>
      o.setName('coach_role').setDescription('Members with this role can assign sessions and read team data').setRequired(true),
    )
    .addChannelOption((o) =>
      o
        .setName('staff_channel')
        .setDescription('Private channel for pain flags and the weekly digest')
        .addChannelTypes(ChannelType.GuildText)
        .setRequired(true),
    )
    .addChannelOption((o) =>
      o
        .setName('fallback_channel')
        .setDescription('Where athletes with closed DMs are pinged (no health data)')
        .addChannelTypes(ChannelType.GuildText),
    )
    .toJSON(),
  preconditions: SERVER_ADMIN,
  async execute({ interaction, app, guildId }) {
    const typedZone = interaction.options.getString('timezone', true).trim();
    // "EST" or "london" typed without picking from the list: the zone people mean by it.
    const timeZone = resolveTimeZone(typedZone) ?? typedZone;
    const coachRole = interaction.options.getRole('coach_role', true);
    const staff = interaction.options.getChannel('staff_channel', true);
    const fallback = interaction.options.getChannel('fallback_channel');
    if (!isValidTimeZone(timeZone)) {
      const near = searchTimeZones(typedZone, app.clock.now(), 3).map((z) => `\`${z.zone}\``);
      return replyPrivately(
        interaction,
        `"${typedZone}" isn't a time zone I know. Pick one from the list${near.length ? `, e.g. ${near.join(', ')}` : ', e.g. `Europe/London` or `America/New_York`'}.`,
      );
    }
    if (coachRole.id === guildId) {
      return replyPrivately(
        interaction,
        "The coach role can't be @everyone: everyone would see team health data. Pick a role only your staff have.",
      );
    }
    const guild = interaction.guild ?? (await interaction.client.guilds.fetch(guildId));
    // Fetched, not read from the cache: a channel missing from the cache is checked all the same.
    const check = await checkStaffChannel(guild, staff.id, coachRole.id);
    if (!check)
      return replyPrivately(
        interaction,
        `I can't open <#${staff.id}>. Give Backline the View Channel permission there, or pick another channel, and run \`/setup\` again.`,
      );
    if (check.violations.length > 0) {
      const who = describeViolations(check.violations);
      return replyPrivately(
        interaction,
        check.violations.some((v) => v.id === guild.id)
          ? `<#${staff.id}> is visible to everyone on the server, and pain flags will be posted there. Make it private to staff (or pick another channel) and run \`/setup\` again.`
          : `<#${staff.id}> can be seen by ${who}, not only coaches, admins and Backline, and pain flags will be posted there. Remove their access (or pick another channel) and run \`/setup\` again.`,
      );
    }
    const team = app.teams.save(
      { guildId, timeZone, coachRoleId: coachRole.id, staffChannelId: staff.id, fallbackChannelId: fallback?.id ?? null },
      app.clock.now(),
    );
    await replyPrivately(
      interaction,
      [
        '✅ Backline is set up.',
        `• Time zone: **${team.timeZone}** (days and weeks follow it)`,
        `• Coaches: <@&${team.coachRoleId}>`,
        `• Staff channel: <#${team.staffChannelId}>`,
        `• Fallback for closed DMs: ${team.fallbackChannelId ? `<#${team.fallbackChannelId}>` : 'none — athletes with closed DMs will only see sessions in `/today`'}`,
        'Next: add athletes with `/squad add`, then `/assign` a session.',
      ].join('\n'),
    );
  },
  async autocomplete({ interaction, app }) {
    await respondWithTimeZones(interaction, app);
  },
});
