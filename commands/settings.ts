import { SlashCommandBuilder } from 'discord.js';
import { PAIN_LIMIT_SETTING } from '../src/domain/pain';
import { WEEKDAYS } from '../src/domain/time';
import { describeTime } from '../src/domain/when';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import type { TeamSettingsView } from '../src/services/settings';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function formatSettings({ team, thresholds: t }: TeamSettingsView): string {
  return [
    `**Team settings** (times in ${team.timeZone})`,
    `• Dates like ${team.dateOrder === 'month_first' ? '11/26 are read month first' : '26/11 are read day first'}`,
    `• Morning reminders: **${describeTime(team.reminderTime)}** · usual session time: **${describeTime(team.sessionTime)}**`,
    `• Weekly digest: **${capitalised(WEEKDAYS[team.digestWeekday - 1]!)} ${team.digestTime}** in <#${team.staffChannelId}>`,
    `• Pain limit: above **${team.painLimit}/10** flags staff and asks next morning whether it settled (Silbernagel et al. 2007)`,
    `• Hard sets per muscle per week: **${t.hardSetMin}-${t.hardSetMax}**, ${t.holdToHardSetBand ? '**held to it**: outside the band turns an athlete amber' : "**shown as context**: the band covers all of a muscle's training, not only these sessions (`hold_to_band` to be held to it)"}`,
    `• Monotony alert above **${t.monotonyAlert}**, strain alert above **${t.strainAlert} AU** (conventions for Foster 1998)`,
    `• ACWR described as a sharp rise at **${t.acwrHigh}** or more, a clear drop below **${t.acwrLow}** (load change only, never injury risk)`,
    `• Sessions: any due session not done is amber, red below **${Math.round(t.complianceRed * 100)} %** done (Ripley et al. 2021)`,
    'Change any of them with `/settings` and the option you want.',
  ].join('\n');
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription("See or change the team's reminder times, digest time and monitoring thresholds")
    .setContexts(0)
    .addStringOption((o) =>
      o.setName('reminder_time').setDescription('Morning reminders: 08:00, 8am, 7.30… (default 08:00)').setMaxLength(10),
    )
    .addStringOption((o) =>
      o.setName('session_time').setDescription('Usual session start: 17:00, 5pm, 1730… (default 17:00)').setMaxLength(10),
    )
    .addIntegerOption((o) =>
      o
        .setName('digest_day')
        .setDescription('Day of the weekly digest (default Monday)')
        .addChoices(...WEEKDAYS.map((d, i) => ({ name: capitalised(d), value: i + 1 }))),
    )
    .addStringOption((o) =>
      o.setName('digest_time').setDescription('Time of the weekly digest: 08:00, 8am… (default 08:00)').setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName('date_order')
        .setDescription('How your coaches write dates like 26/11 (default: day first)')
        .addChoices({ name: 'Day first: 26/11', value: 'day_first' }, { name: 'Month first: 11/26', value: 'month_first' }),
    )
    .addIntegerOption((o) =>
      o
        .setName('pain_limit')
        .setDescription('Pain above this is flagged (default 5)')
        .setMinValue(PAIN_LIMIT_SETTING.min)
        .setMaxValue(PAIN_LIMIT_SETTING.max),
    )
    .addNumberOption((o) =>
      o.setName('hard_sets_min').setDescription('Weekly hard sets per muscle, lower line (default 10)').setMinValue(0).setMaxValue(60),
    )
    .addNumberOption((o) =>
      o.setName('hard_sets_max').setDescription('Weekly hard sets per muscle, upper line (default 20)').setMinValue(1).setMaxValue(60),
    )
    .addNumberOption((o) =>
      o.setName('monotony_alert').setDescription('Monotony alert line (default 2.0)').setMinValue(0.5).setMaxValue(10),
    )
    .addIntegerOption((o) =>
      o.setName('strain_alert').setDescription('Strain alert line in AU (default 6000)').setMinValue(100).setMaxValue(100000),
    )
    .addBooleanOption((o) =>
      o
        .setName('hold_to_band')
        .setDescription('Hold athletes to the hard-set band (only if all their posterior-chain work is here; default off)'),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const o = interaction.options;
    const change = {
      reminderTime: o.getString('reminder_time')?.trim(),
      sessionTime: o.getString('session_time')?.trim(),
      digestWeekday: o.getInteger('digest_day'),
      digestTime: o.getString('digest_time')?.trim(),
      painLimit: o.getInteger('pain_limit'),
      dateOrder: o.getString('date_order') as 'day_first' | 'month_first' | null,
      thresholds: {
        hardSetMin: o.getNumber('hard_sets_min') ?? undefined,
        hardSetMax: o.getNumber('hard_sets_max') ?? undefined,
        monotonyAlert: o.getNumber('monotony_alert') ?? undefined,
        strainAlert: o.getInteger('strain_alert') ?? undefined,
        holdToHardSetBand: o.getBoolean('hold_to_band') ?? undefined,
      },
    };
    const changed = interaction.options.data.length > 0;
    if (!changed) return replyPrivately(interaction, formatSettings(app.settings.view(team)));
    const result = app.settings.update(team, change, app.clock.now());
    if (result.ok)
      app.privacy.recordCoachAction(
        team.guildId,
        interaction.user.id,
        'settings',
        null,
        interaction.options.data.map((o) => o.name).join(', '),
      );
    await replyPrivately(interaction, result.ok ? `✅ Saved.\n${formatSettings(result.value)}` : result.message);
  },
});
