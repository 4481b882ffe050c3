/**
 * Issue 13's DM readers in one call, for the DM path (src/discord/dmReplies.ts, issue 9) to try
 * before the check-in reply reader:
 *   1. "match 8 90", "practice rpe 6 75 min": another session (the message starts with a type word);
 *   2. "5 4 3 5 6": readiness, only when a readiness check was sent to this athlete today;
 *   3. "7": the RPE of the latest team session waiting for one (only after it has ended).
 * Returns the reply to send (a confirmation or a friendly refusal), or undefined when none of
 * them applies, so the check-in reader gets the message unchanged.
 */
import type { Runtime } from '../app';
import { describeLoggedOther } from './otherTraining';
import { describeOwnReadiness } from './readiness';

export function allTrainingDmReply(
  app: Pick<Runtime, 'otherTraining' | 'readiness' | 'teams'>,
  userId: string,
  text: string,
): string | undefined {
  const other = app.otherTraining.logFromDm(userId, text);
  if (other) {
    if (!other.ok) return `${other.message}\nNothing was saved yet.`;
    const flag = other.value.painFlag
      ? `\nPain ${other.value.session.pain}/10 is above your team's limit (${other.value.team.painLimit}): your coaches will be told. Go lighter next time if it hasn't settled by tomorrow morning.`
      : '';
    return `✅ ${describeLoggedOther(other.value.session)}${flag}`;
  }
  const readiness = app.readiness.answerFromDm(userId, text);
  if (readiness) {
    if (!readiness.ok) return `${readiness.message}\nNothing was saved yet.`;
    return `✅ ${describeOwnReadiness(readiness.value.answers, readiness.value.score)}`;
  }
  const rated = app.otherTraining.rateFromDm(userId, text);
  if (rated) return rated.ok ? `✅ ${describeLoggedOther(rated.value)}` : rated.message;
  return undefined;
}
