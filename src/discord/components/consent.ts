import type { ButtonInteraction } from 'discord.js';
import type { ConsentState } from '../../domain/privacy';
import type { ConsentAnswer, EraseTarget } from '../../services/privacy';
import { customIds } from '../customIds';
import { ANYONE, hasRole } from '../preconditions';
import { replyPrivately } from '../reply';
import type { ComponentHandler } from './registry';

const STATES: Record<ConsentAnswer['answer'], ConsentState> = { agree: 'given', decline: 'declined', withdraw: 'withdrawn' };

/** Replaces the message's buttons with the answer (the welcome DM or the ephemeral /privacy consent). */
async function answerInPlace(interaction: ButtonInteraction, text: string): Promise<void> {
  await interaction.update({ content: `${interaction.message.content}\n\n${text}`, components: [], allowedMentions: { parse: [] } });
}

/** "I agree" / "No thanks" / "Withdraw consent". The clicker answers for themselves. */
export const consentButton: ComponentHandler<ConsentAnswer> = {
  id: customIds.consent,
  // The clicker answers for themselves, in a DM or the server.
  preconditions: ANYONE,
  async button({ interaction, value: { answer, guildId }, app }) {
    const state = STATES[answer];
    const result = app.privacy.setConsent(guildId, interaction.user.id, state);
    if (!result.ok) return replyPrivately(interaction, result.message);
    await answerInPlace(
      interaction,
      `**${state === 'given' ? 'You agreed.' : state === 'declined' ? 'You said no thanks.' : 'You withdrew your consent.'}** ${result.value.message}`,
    );
  },
};

/** Erase confirmations: the clicker's own data, or an athlete's (coaches, for athletes who left or were removed). */
export const eraseButton: ComponentHandler<EraseTarget> = {
  id: customIds.erase,
  // The handler checks the server, and the coach role for another athlete's data, at the click.
  preconditions: ANYONE,
  async button({ interaction, value: target, app }) {
    const { guildId } = target;
    const team = app.teams.get(guildId);
    if (!team || interaction.guildId !== guildId)
      return replyPrivately(interaction, 'That button is out of date. Run `/privacy erase` again.');
    if (target.kind === 'self') {
      const result = app.privacy.erase(guildId, interaction.user.id, null);
      return answerInPlace(
        interaction,
        result.ok ? `🗑️ **Done.** ${result.value.rows} records about you were deleted, and you're off this team's squad.` : result.message,
      );
    }
    // Checked again at the click: the role may have changed since the command.
    if (!hasRole(interaction.member, team.coachRoleId))
      return replyPrivately(interaction, `Only coaches (<@&${team.coachRoleId}>) can erase an athlete's data.`);
    const result = app.privacy.erase(guildId, target.athleteId, { coachId: interaction.user.id });
    return answerInPlace(
      interaction,
      result.ok ? `🗑️ **Done.** ${result.value.rows} records about <@${target.athleteId}> were deleted.` : result.message,
    );
  },
};

export const privacyComponents: ComponentHandler[] = [consentButton, eraseButton];
