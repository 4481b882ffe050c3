/**
 * Custom ids of buttons and modals. They carry the assignment id, never health data,
 * except the short-lived "pick" button that confirms a DM reply's own numbers to its sender.
 */
export const ids = {
  logButton: (assignmentId: number) => `log:${assignmentId}`,
  missButton: (assignmentId: number) => `miss:${assignmentId}`,
  retryButton: (assignmentId: number) => `log:${assignmentId}:retry`,
  logModal: (assignmentId: number) => `logm:${assignmentId}`,
  missModal: (assignmentId: number) => `missm:${assignmentId}`,
  /** "Couldn't train" over a completed check-in, after the athlete confirmed replacing it. */
  missReplaceButton: (assignmentId: number) => `miss:${assignmentId}:replace`,
  missReplaceModal: (assignmentId: number) => `missm:${assignmentId}:replace`,
  /** Answers "was 7 your effort or your pain?" for the athlete's own DM conversation (the number stays in the draft). */
  answerButton: (field: 'rpe' | 'pain' | 'minutes') => `ans:${field}`,
  pickButton: (assignmentId: number, v: { rpe: number; pain: number; minutes: number; area: string | null }) =>
    `pick:${assignmentId}:${v.rpe}:${v.pain}:${v.minutes}:${v.area ?? ''}`,
} as const;

/** Splits "name:arg1:arg2" into its prefix and arguments. */
export function parseCustomId(customId: string): { prefix: string; args: string[] } {
  const [prefix = '', ...args] = customId.split(':');
  return { prefix, args };
}
