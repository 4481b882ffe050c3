import type { AutocompleteInteraction } from 'discord.js';

export interface Choice {
  name: string;
  value: string;
}

/** Discord takes at most 25 choices, names and values up to 100 characters. */
export async function respondWithMatches(interaction: AutocompleteInteraction, choices: Choice[]): Promise<void> {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const matches = typed
    ? choices.filter((c) => c.name.toLowerCase().includes(typed) || c.value.toLowerCase().includes(typed))
    : choices;
  await interaction.respond(matches.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) })));
}
