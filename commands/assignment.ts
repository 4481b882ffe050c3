import { SlashCommandBuilder, type SlashCommandSubcommandBuilder } from 'discord.js';
import { addDays, formatLocalDate, teamToday } from '../src/domain/time';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import type { ChangeReport } from '../src/services/corrections';

/** Sessions offered for fixing: the last two weeks and the next eight. */
const LOOK_BACK_DAYS = 14;
const LOOK_AHEAD_DAYS = 56;

function withSession(s: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return s.addStringOption((o) =>
    o.setName('session').setDescription('The assigned session (pick from the list)').setRequired(true).setAutocomplete(true),
  );
}

/** Optional options go last (Discord wants the required ones first). */
function narrowing(s: SlashCommandSubcommandBuilder, everyone = true): SlashCommandSubcommandBuilder {
  s.addUserOption((o) => o.setName('athlete').setDescription("Only list this athlete's sessions"));
  if (everyone)
    s.addBooleanOption((o) => o.setName('everyone').setDescription('Everyone who got this assignment, not just this athlete (default no)'));
  return s;
}

function summary(verb: string, r: ChangeReport): string {
  const who = r.changed.map((a) => `<@${a.athleteId}>`).join(', ');
  const first = r.changed[0]!;
  const lines = [
    `✅ ${verb} **${first.title}** for ${who}. ${r.changed.some((a) => a.deliveredVia) ? 'Their session cards are being updated.' : ''}`.trim(),
  ];
  if (r.skipped.length) lines.push(`Left alone: ${r.skipped.map((s) => `<@${s.assignment.athleteId}> (${s.why})`).join(', ')}.`);
  return lines.join('\n');
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('assignment')
    .setDescription('Fix an assigned session: cancel, move, note, swap an exercise, delete a check-in')
    .setContexts(0)
    .addSubcommand((s) =>
      narrowing(withSession(s.setName('cancel').setDescription('Cancel a session (it no longer counts for compliance)'))),
    )
    .addSubcommand((s) =>
      narrowing(
        withSession(s.setName('move').setDescription('Move a session to another day'))
          .addStringOption((o) =>
            o.setName('date').setDescription('New day: YYYY-MM-DD, today, tomorrow or a weekday').setRequired(true).setMaxLength(20),
          )
          .addStringOption((o) => o.setName('time').setDescription('New start, HH:MM (default: the same time)').setMaxLength(5)),
      ),
    )
    .addSubcommand((s) =>
      narrowing(
        withSession(s.setName('note').setDescription("Change the coach's note on a session")).addStringOption((o) =>
          o.setName('text').setDescription('The note (leave empty to clear it)').setMaxLength(500),
        ),
      ),
    )
    .addSubcommand((s) =>
      narrowing(
        withSession(s.setName('swap').setDescription("Swap one exercise in one athlete's session"))
          .addStringOption((o) => o.setName('out').setDescription('The exercise to take out').setRequired(true).setAutocomplete(true))
          .addStringOption((o) => o.setName('in').setDescription('The exercise to do instead').setRequired(true).setAutocomplete(true)),
        false,
      ),
    )
    .addSubcommand((s) =>
      narrowing(withSession(s.setName('delete-checkin').setDescription('Delete a check-in logged in error (the athlete is told)')), false),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const sub = interaction.options.getSubcommand(true);
    const id = Number(interaction.options.getString('session', true));
    if (!Number.isSafeInteger(id) || id <= 0)
      return replyPrivately(interaction, 'Pick the session from the list that appears as you type.');
    const everyone = interaction.options.getBoolean('everyone') ?? false;
    const coach = interaction.user.id;
    if (sub === 'cancel') {
      const r = app.fixes.cancel(team, coach, id, everyone);
      // Coaches' actions leave a trace (/audit), once per athlete whose session was cancelled.
      if (r.ok) for (const a of r.value.changed) app.privacy.recordCoachAction(team.guildId, coach, 'cancel', a.athleteId, a.title);
      return replyPrivately(
        interaction,
        r.ok ? `${summary('Cancelled', r.value)}\nCancelled sessions don't count for compliance.` : r.message,
      );
    }
    if (sub === 'move') {
      const r = app.fixes.move(team, id, everyone, interaction.options.getString('date', true), interaction.options.getString('time'));
      return replyPrivately(
        interaction,
        r.ok ? summary(`Moved to ${formatLocalDate(r.value.changed[0]!.sessionDate)}:`, r.value) : r.message,
      );
    }
    if (sub === 'note') {
      const r = app.fixes.note(team, id, everyone, interaction.options.getString('text'));
      return replyPrivately(interaction, r.ok ? summary(r.value.changed[0]!.note ? 'Note set on' : 'Note cleared on', r.value) : r.message);
    }
    if (sub === 'swap') {
      const r = app.fixes.swap(team, coach, id, interaction.options.getString('out', true), interaction.options.getString('in', true));
      return replyPrivately(
        interaction,
        r.ok
          ? `✅ <@${r.value.assignment.athleteId}>: **${r.value.to}** instead of **${r.value.from}**. Their session card is being updated.`
          : r.message,
      );
    }
    const r = app.fixes.deleteCheckin(team, coach, id);
    await replyPrivately(
      interaction,
      r.ok
        ? `🗑️ Deleted <@${r.value.athleteId}>'s check-in for **${r.value.title}** (${formatLocalDate(r.value.sessionDate)}). They will be told, and can log it again.`
        : r.message,
    );
  },
  async autocomplete({ interaction, app, team }) {
    // Session titles and names are staff information: COACH is checked before autocomplete too.
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'out') {
      const a = app.assignments.get(team.guildId, Number(interaction.options.getString('session')));
      const seen = new Map((a?.prescription.exercises ?? []).map((e) => [e.exerciseId, e.name]));
      return respondWithMatches(
        interaction,
        [...seen].map(([value, name]) => ({ name, value })),
      );
    }
    if (focused === 'in')
      return respondWithMatches(
        interaction,
        app.sessions.library(team.guildId).map((e) => ({ name: e.name, value: e.id })),
      );
    const today = teamToday(team, app.clock);
    const athlete = interaction.options.get('athlete')?.value;
    const rows = app.fixes.recent(
      team,
      addDays(today, -LOOK_BACK_DAYS),
      addDays(today, LOOK_AHEAD_DAYS),
      typeof athlete === 'string' ? athlete : null,
    );
    await respondWithMatches(
      interaction,
      rows.map((r) => ({
        name: `${formatLocalDate(r.sessionDate)} · ${r.title} · ${r.displayName}${r.batchSize > 1 ? ` (+${r.batchSize - 1} on it)` : ''}${r.logged ? ' · logged' : ''}`,
        value: String(r.assignmentId),
      })),
    );
  },
});
