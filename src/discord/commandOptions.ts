import type { SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import { CHECKIN_LIMITS } from '../domain/checkin';
import { OTHER_SESSION_LABELS, OTHER_SESSION_TYPES } from '../domain/otherTraining';

/** The RPE option's words, Foster's CR-10 anchors, the same wherever an athlete types an RPE. */
export const RPE_OPTION_DESCRIPTION = 'How hard: 0 rest, 3 moderate, 5 hard, 7 very hard, 10 maximal';

/**
 * A check-in value as a slash-command option (/checkin, /log other, /teamsession), bounded by
 * CHECKIN_LIMITS like the form, the DM reply parser and the SQL CHECKs.
 */
export function checkinValueOption(
  o: SlashCommandIntegerOption,
  field: keyof typeof CHECKIN_LIMITS,
  description: string,
  required = false,
): SlashCommandIntegerOption {
  return o
    .setName(field)
    .setDescription(description)
    .setRequired(required)
    .setMinValue(CHECKIN_LIMITS[field].min)
    .setMaxValue(CHECKIN_LIMITS[field].max);
}

/** Which kind of other training (/log other, /teamsession). */
export function otherSessionTypeOption(o: SlashCommandStringOption, description: string): SlashCommandStringOption {
  return o
    .setName('type')
    .setDescription(description)
    .setRequired(true)
    .addChoices(...OTHER_SESSION_TYPES.map((t) => ({ name: OTHER_SESSION_LABELS[t], value: t })));
}
