import { AttachmentBuilder, SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { DEFAULT_EXPORT_WEEKS } from '../src/services/digest';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('export')
    .setDescription('A CSV of assignments and check-ins for your spreadsheet (only you see it)')
    .setContexts(0)
    .addStringOption((o) =>
      o
        .setName('from')
        .setDescription(`First day: 26 Nov, 26/11, 2026-11-26 or a week like 2026-W01 (default: ${DEFAULT_EXPORT_WEEKS} weeks back)`)
        .setMaxLength(30),
    )
    .addStringOption((o) =>
      o.setName('to').setDescription('Last day: "today" (default), yesterday, 26 Nov, 26/11, 2026-11-26 or a week').setMaxLength(30),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    await deferPrivately(interaction);
    const result = await app.digest.exportFiles(team, interaction.options.getString('from'), interaction.options.getString('to'));
    if (!result.ok) return replyPrivately(interaction, result.message);
    const x = result.value;
    await interaction.editReply({
      content: [
        `📄 ${x.rows} assignment${x.rows === 1 ? '' : 's'} from ${x.from} to ${x.to}, one row each.`,
        ...(x.other
          ? [`📄 ${x.other.rows} other session${x.other.rows === 1 ? '' : 's'} (practice, matches, conditioning) in their own file.`]
          : []),
        ...(x.readiness
          ? [`📄 ${x.readiness.rows} readiness answer${x.readiness.rows === 1 ? '' : 's'} (1-7 each, 7 = best) in their own file.`]
          : []),
        `Dates are the team's local dates in **${x.timeZone}**; times carry their UTC offset. UTF-8 (opens in Excel, Numbers and Google Sheets).`,
      ].join('\n'),
      files: [
        new AttachmentBuilder(x.file, { name: x.filename, description: `Backline export ${x.from} to ${x.to}` }),
        ...(x.other
          ? [new AttachmentBuilder(x.other.file, { name: x.other.filename, description: `Other training ${x.from} to ${x.to}` })]
          : []),
        ...(x.readiness
          ? [new AttachmentBuilder(x.readiness.file, { name: x.readiness.filename, description: `Readiness answers ${x.from} to ${x.to}` })]
          : []),
      ],
      allowedMentions: { parse: [] },
    });
  },
});
