import type { APIEmbedField } from 'discord.js';

/** Discord's limit for one embed field's value. */
const FIELD_MAX = 1024;

/**
 * One embed field for issue 13's figures, to append to the digest, /me or /athlete embeds:
 * the lines of allTrainingLines (one athlete) or teamAllTrainingLines (the team). Undefined
 * when there is nothing to say. Cut at a line boundary to stay within 1024 characters.
 */
export function allTrainingField(lines: readonly string[], name = 'All training this week'): APIEmbedField | undefined {
  if (lines.length === 0) return undefined;
  let value = '';
  for (const line of lines) {
    const next = value ? `${value}\n${line}` : line;
    if (next.length > FIELD_MAX) break;
    value = next;
  }
  return { name, value: value || lines[0]!.slice(0, FIELD_MAX) };
}
