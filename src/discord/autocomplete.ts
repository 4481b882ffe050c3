import type { AutocompleteInteraction } from 'discord.js';
import type { App } from '../app';
import { teamToday } from '../domain/time';
import { searchTimeZones, suggestDates } from '../domain/when';

export interface Choice {
  name: string;
  value: string;
}

/** Discord takes at most 25 choices, names and values up to 100 characters. */
export async function respondWithMatches(interaction: AutocompleteInteraction, choices: Choice[]): Promise<void> {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const matches = typed ? choices.filter((c) => c.name.toLowerCase().includes(typed) || c.value.toLowerCase().includes(typed)) : choices;
  await interaction.respond(matches.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) })));
}

/** Date options: what the typed text means in the team's calendar, then the next days. */
export async function respondWithDates(interaction: AutocompleteInteraction, app: App, opts: { maxPastDays?: number } = {}): Promise<void> {
  const team = interaction.guildId ? app.teams.get(interaction.guildId) : undefined;
  const today = teamToday(team ?? { timeZone: 'UTC' }, app.clock);
  const typed = String(interaction.options.getFocused()).slice(0, 40);
  await interaction.respond(
    suggestDates(typed, today, { ...opts, order: team?.dateOrder }).map((c) => ({ name: c.name.slice(0, 100), value: c.value })),
  );
}

/** Time zones by city, country, common name or abbreviation (EST, eastern, london), best first. */
export async function respondWithTimeZones(interaction: AutocompleteInteraction, app: App): Promise<void> {
  const typed = String(interaction.options.getFocused()).slice(0, 60);
  await interaction.respond(searchTimeZones(typed, app.clock.now()).map((z) => ({ name: z.label.slice(0, 100), value: z.zone })));
}
