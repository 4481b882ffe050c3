import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { describeNordicLog } from '../../services/nordic';
import { describeLoggedOther } from '../../services/otherTraining';
import { describeOwnReadiness } from '../../services/readiness';
import { noticeButtonRows } from '../courier';
import { customIds, type NordicDoneTap, type ReadinessTap, type TeamRpeTap } from '../customIds';
import { ANYONE } from '../preconditions';
import type { ComponentHandler } from './registry';

async function refuseAfterDefer(interaction: ButtonInteraction, message: string): Promise<void> {
  await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** RPE for a team session, one tap: trpe:<guildId>:<otherSessionId>:<rpe>. */
export const teamRpeButton: ComponentHandler<TeamRpeTap> = {
  id: customIds.teamRpe,
  // In the athlete's own DM; the service checks the tap is theirs.
  preconditions: ANYONE,
  async button({ interaction, value: tap, app }) {
    await interaction.deferUpdate();
    const result = app.otherTraining.rate(tap.guildId, interaction.user.id, tap.otherSessionId, tap.rpe);
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    await interaction.editReply({
      content: `${interaction.message.content}\n\n✅ ${describeLoggedOther(result.value)}`,
      components: [],
      allowedMentions: { parse: [] },
    });
  },
};

/** One readiness answer per tap; the message shows the next item until all five are in: rdy:<guildId>:<date>:<soFar>:<value>. */
export const readinessButton: ComponentHandler<ReadinessTap> = {
  id: customIds.readiness,
  // In the athlete's own DM; the service checks the tap is theirs.
  preconditions: ANYONE,
  async button({ interaction, value: tap, app }) {
    await interaction.deferUpdate();
    const result = app.readiness.tap(interaction.user.id, tap);
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    if ('next' in result.value) {
      await interaction.editReply({
        content: result.value.next.text,
        components: noticeButtonRows(result.value.next.buttons),
        allowedMentions: { parse: [] },
      });
      return;
    }
    const a = result.value.answers;
    await interaction.editReply({
      content: `Readiness for today: sleep ${a.sleep}, fatigue ${a.fatigue}, soreness ${a.soreness}, stress ${a.stress}, mood ${a.mood}.\n${describeOwnReadiness(a, result.value.done.score)}`,
      components: [],
      allowedMentions: { parse: [] },
    });
  },
};

/** "All done" for a Nordic session: nrd:<guildId>:<assignmentId>. */
export const nordicDoneButton: ComponentHandler<NordicDoneTap> = {
  id: customIds.nordicDone,
  // In the athlete's own DM; the service checks the tap is theirs.
  preconditions: ANYONE,
  async button({ interaction, value: tap, app }) {
    await interaction.deferUpdate();
    const result = app.nordic.logReps({
      guildId: tap.guildId,
      athleteId: interaction.user.id,
      assignmentId: tap.assignmentId,
      reps: null,
      quality: null,
    });
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    await interaction.editReply({
      content: `${interaction.message.content}\n\n✅ Nordics logged: ${describeNordicLog(result.value)}.`,
      components: [],
      allowedMentions: { parse: [] },
    });
  },
};

export const allTrainingComponents: ComponentHandler[] = [teamRpeButton, readinessButton, nordicDoneButton];
