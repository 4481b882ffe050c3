import { AttachmentBuilder, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command';
import { COACH, MEMBER } from '../src/discord/preconditions';
import { customIds } from '../src/discord/customIds';
import { buttonRow, renderPrivacySummary } from '../src/discord/render/privacy';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from '../src/domain/privacy';

const months = z.number().int().min(MIN_RETENTION_MONTHS).max(MAX_RETENTION_MONTHS);

/** Athletes' own data: only ever their own (the id comes from the interaction); coaches erase removed athletes and set retention. */
export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('privacy')
    .setDescription('Your data in this team: see it, get a copy, erase it, give or withdraw consent')
    .setContexts(0)
    .addSubcommand((s) => s.setName('show').setDescription('What Backline stores about you in this server (only you see it)'))
    .addSubcommand((s) => s.setName('export').setDescription('All of it as JSON and CSV, by DM and here'))
    .addSubcommand((s) => s.setName('erase').setDescription('Delete everything stored about you in this server (asks to confirm)'))
    .addSubcommand((s) => s.setName('consent').setDescription('Agree to, decline or withdraw storing what you report'))
    .addSubcommand((s) =>
      s
        .setName('erase-athlete')
        .setDescription("Coaches: delete a removed athlete's data (asks to confirm)")
        .addUserOption((o) => o.setName('athlete').setDescription('Someone no longer on the squad').setRequired(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('retention')
        .setDescription('Coaches: how many months check-ins and notes are kept')
        .addIntegerOption((o) =>
          o
            .setName('months')
            .setDescription(`${MIN_RETENTION_MONTHS}-${MAX_RETENTION_MONTHS} (default 24)`)
            .setMinValue(MIN_RETENTION_MONTHS)
            .setMaxValue(MAX_RETENTION_MONTHS)
            .setRequired(true),
        ),
    )
    .toJSON(),
  preconditions: MEMBER,
  // Declared once: the router refuses these to non-coaches with the one coach wording.
  subcommandPreconditions: { 'erase-athlete': COACH, retention: COACH },
  async execute({ interaction, app, team }) {
    const sub = interaction.options.getSubcommand();
    const userId = interaction.user.id;

    if (sub === 'erase-athlete' || sub === 'retention') {
      if (sub === 'retention') {
        const parsed = months.safeParse(interaction.options.getInteger('months', true));
        if (!parsed.success) return replyPrivately(interaction, `Pick ${MIN_RETENTION_MONTHS} to ${MAX_RETENTION_MONTHS} months.`);
        const result = app.privacy.setRetention(team.guildId, userId, parsed.data);
        return replyPrivately(
          interaction,
          result.ok
            ? `✅ Check-ins, notes and finished messages are now kept for **${result.value.months} months**, then deleted.`
            : result.message,
        );
      }
      const athlete = interaction.options.getUser('athlete', true);
      if (app.squad.get(team.guildId, athlete.id)) {
        return replyPrivately(
          interaction,
          `<@${athlete.id}> is still on the squad. Remove them with \`/squad remove\` first, or ask them to run \`/privacy erase\` themselves.`,
        );
      }
      const shown = app.privacy.show(team.guildId, athlete.id);
      if (!shown.ok) return replyPrivately(interaction, shown.message);
      const rows = shown.value.categories.reduce((n, c) => n + c.rows, 0);
      if (rows === 0) return replyPrivately(interaction, `Nothing is stored about <@${athlete.id}> in this team.`);
      return replyPrivately(interaction, {
        content: `This deletes **everything** stored about <@${athlete.id}> in this team (${rows} records): sessions, check-ins, pain answers, notes. It can't be undone. The staff channel is told that data was erased, without any content.`,
        components: [
          buttonRow([
            {
              customId: customIds.erase.encode({ kind: 'athlete', guildId: team.guildId, athleteId: athlete.id }),
              label: 'Erase their data',
              style: 'danger',
            },
          ]),
        ],
      });
    }

    if (sub === 'show') {
      const shown = app.privacy.show(team.guildId, userId);
      return replyPrivately(interaction, shown.ok ? renderPrivacySummary(shown.value) : shown.message);
    }

    if (sub === 'export') {
      await deferPrivately(interaction);
      const result = await app.privacy.exportData(team.guildId, userId);
      if (!result.ok) return replyPrivately(interaction, result.message);
      const files = () => [
        new AttachmentBuilder(Buffer.from(result.value.json, 'utf8'), {
          name: 'backline-my-data.json',
          description: 'Everything Backline stores about you in this team',
        }),
        new AttachmentBuilder(Buffer.from(result.value.csv, 'utf8'), {
          name: 'backline-my-data.csv',
          description: 'The same, as table,row,field,value',
        }),
      ];
      const rows = result.value.summary.categories.reduce((n, c) => n + c.rows, 0);
      // By DM as the issue asks; the private reply carries the files too, so a closed DM loses nothing.
      const dm = await interaction.user
        .send({ content: `📦 Your data in **${interaction.guild?.name ?? 'your team'}**: ${rows} records.`, files: files() })
        .then(
          () => true,
          () => false,
        );
      await interaction.editReply({
        content: `📦 ${rows} records, as JSON and CSV. ${dm ? "I've also sent them to you by DM." : "I couldn't DM you (your DMs may be closed), so here they are."}`,
        files: files(),
        allowedMentions: { parse: [] },
      });
      return;
    }

    if (sub === 'erase') {
      const shown = app.privacy.show(team.guildId, userId);
      if (!shown.ok) return replyPrivately(interaction, shown.message);
      const rows = shown.value.categories.reduce((n, c) => n + c.rows, 0);
      if (rows === 0) return replyPrivately(interaction, 'Nothing is stored about you in this team.');
      return replyPrivately(interaction, {
        content: `This deletes **everything** Backline stores about you in this team (${rows} records), and takes you off the squad: no more sessions or reminders from this team. It can't be undone. Your coaches are told that an athlete erased their data, nothing more. Want a copy first? \`/privacy export\`.`,
        components: [
          buttonRow([
            { customId: customIds.erase.encode({ kind: 'self', guildId: team.guildId }), label: 'Erase my data', style: 'danger' },
          ]),
        ],
      });
    }

    // consent
    if (!app.squad.get(team.guildId, userId))
      return replyPrivately(interaction, "You're not on this team's squad, so there is nothing to agree to here.");
    const current = app.privacy.consentOf(team.guildId, userId);
    const given = current?.state === 'given';
    return replyPrivately(interaction, {
      content: given
        ? 'You agreed that Backline stores what you report (RPE, minutes, pain and area, notes). You can withdraw: nothing new will be stored, and you still get your sessions.'
        : 'Backline stores what you report (RPE, minutes, pain and area, notes) only if you agree. Only you and your coaches see it. Without it you still get sessions and reminders.',
      components: [
        buttonRow(
          given
            ? [
                {
                  customId: customIds.consent.encode({ answer: 'withdraw', guildId: team.guildId }),
                  label: 'Withdraw consent',
                  style: 'danger',
                },
              ]
            : [
                { customId: customIds.consent.encode({ answer: 'agree', guildId: team.guildId }), label: 'I agree', style: 'success' },
                {
                  customId: customIds.consent.encode({ answer: 'decline', guildId: team.guildId }),
                  label: 'No thanks',
                  style: 'secondary',
                },
              ],
        ),
      ],
    });
  },
});
