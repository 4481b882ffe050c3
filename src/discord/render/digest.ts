/**
 * Discord rendering of the weekly digest and of one athlete's trend.
 *
 * Layout: a team summary embed (with the load chart) and a hard-sets chart embed, then the
 * athletes grouped by status in embeds coloured red / amber / green; each athlete is a field
 * named 'status emoji + name' whose value starts with the status in words, so colour is never
 * the only cue. Everything is packed within Discord's limits (10 embeds and 6000 characters
 * per message, 25 fields per embed, 1024 per field value): a large squad goes over several
 * messages, a long field over several fields, and nothing is cut without saying so.
 */
import { AttachmentBuilder, escapeMarkdown, MessageFlags, type APIEmbed, type APIEmbedField, type ChatInputCommandInteraction } from 'discord.js';
import {
  ACWR_METHOD,
  CREDITING_RULE,
  type AthleteWeekFigures,
  type DigestAthlete,
  type DigestFigures,
  type WeekSpan,
} from '../../domain/digest';
import { athleteTrendChart, teamHardSetsChartPages, teamWeeklyLoadChart } from '../../charts';
import { MUSCLES, type Muscle } from '../../domain/library/schema';
import { ACWR_CAVEAT, describeAcwr } from '../../domain/load';
import { PAIN_AREA_LABELS } from '../../domain/pain';
import type { StatusLevel } from '../../domain/status';
import { formatLocalDate, WEEKDAY_SHORT, weekdayShort } from '../../domain/time';
import type { VolumeBand } from '../../domain/volume';

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  embedsPerMessage: 10,
  charsPerMessage: 6000,
  fieldsPerEmbed: 25,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  filesPerMessage: 10,
} as const;

export const STATUS_COLOUR: Record<StatusLevel, number> = { red: 0xdc2626, amber: 0xf59e0b, green: 0x16a34a };
export const STATUS_EMOJI: Record<StatusLevel, string> = { red: '🔴', amber: '🟠', green: '🟢' };
const STATUS_WORD: Record<StatusLevel, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const SUMMARY_COLOUR = 0x3b82f6;
const MUSCLE_SHORT: Record<Muscle, string> = { glutes: 'G', hamstrings: 'H', lowerBack: 'LB' };
const BAND_MARK: Record<VolumeBand, string> = { below: '▼ below', within: '✓', above: '▲ above' };

export const SHORT_CAVEAT = 'ACWR describes how fast load changed, not injury risk (Impellizzeri et al. 2020).';

/** A file attached to a message and shown in an embed as attachment://name. */
export interface RenderedFile {
  name: string;
  data: Buffer;
  description?: string;
}

export interface RenderedMessage {
  embeds: APIEmbed[];
  files: RenderedFile[];
}

export interface DigestCharts {
  /** Team load over the last 8 weeks (PNG). */
  load?: Buffer | null;
  /** Hard sets per muscle per athlete vs the band, one PNG per page of athletes. */
  hardSets?: readonly Buffer[];
}

// ---------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------

export function fmtNumber(value: number): string {
  return String(Math.round(value));
}

/** Hard sets: whole or one decimal (0.5 credits). */
export function fmtSets(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function fmtRatio(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

export function fmtPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Cuts text to `max` characters with a visible ellipsis (never silently). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function athleteName(a: DigestAthlete): string {
  return `${escapeMarkdown(clip(a.displayName, 80))}${a.active ? '' : ' (left the squad)'}`;
}

function spanText(span: WeekSpan): string {
  return `${formatLocalDate(span.start)} – ${formatLocalDate(span.end)} ${span.end.slice(0, 4)}`;
}

/** The athlete-figure lines shared by the digest and the trend views. */
export function athleteLines(f: AthleteWeekFigures, painLimit: number, opts: { statusLine?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (opts.statusLine !== false) {
    const [first, ...rest] = f.status.reasons;
    const head = first ? first.replace(/^(red|amber|green):/, (m) => `**${m.slice(0, -1)}**:`) : `**${f.status.level}**`;
    lines.push([head, ...rest].join('; '));
  }
  const s = f.sessions;
  const parts = [
    s.due > 0 ? `Sessions ${s.completed}/${s.due} done (${fmtPercent(s.compliance ?? 0)})` : s.assigned > 0 ? `Sessions ${s.completed} done, none due` : 'No sessions assigned',
  ];
  if (s.missed) parts.push(`${s.missed} missed`);
  if (s.excused) parts.push(`${s.excused} excused`);
  if (s.unlogged) parts.push(`${s.unlogged} not logged`);
  if (s.upcoming) parts.push(`${s.upcoming} still to come`);
  lines.push(parts.join(' · '));

  if (f.load.weekly > 0 || s.completed > 0) {
    lines.push(`Load ${fmtNumber(f.load.weekly)} AU · ${f.load.daily.map((d, i) => `${WEEKDAY_SHORT[i]} ${fmtNumber(d)}`).join(' · ')}`);
    if (f.inProgress) lines.push('Monotony and strain: week still in progress');
    else if (f.load.monotony === null) lines.push('Monotony and strain: not defined (same load every day, SD 0)');
    else lines.push(`Monotony ${fmtRatio(f.load.monotony)} · strain ${fmtNumber(f.load.strain ?? 0)} AU`);
  } else {
    lines.push('Load 0 AU: no session logged');
  }

  const a = f.acwr;
  if (f.inProgress) {
    lines.push('ACWR: taken when the week ends');
  } else if (!a.enoughHistory) {
    lines.push(`ACWR: not enough history (${a.historyDays} of 28 days of data)`);
  } else if (a.rolling === null) {
    lines.push('ACWR: not defined (no load in the last 4 weeks)');
  } else {
    const ewma = a.ewma === null ? 'n/a' : fmtRatio(a.ewma);
    lines.push(`ACWR ${fmtRatio(a.rolling)} rolling 7:28 (EWMA ${ewma} on ${weekdayShort(a.asOf)}): ${describeAcwr(a.rolling)}`);
  }

  if (s.completed > 0) {
    const sets = MUSCLES.map((m) => `${MUSCLE_SHORT[m]} ${fmtSets(f.hardSets.perMuscle[m])} ${BAND_MARK[f.hardSets.bands[m]]}`).join(' · ');
    lines.push(`Hard sets ${sets}`);
    if (f.hardSets.uncounted.length > 0) {
      const shown = f.hardSets.uncounted.slice(0, 2).join('; ');
      const more = f.hardSets.uncounted.length - 2;
      lines.push(`Not counted: ${escapeMarkdown(shown)}${more > 0 ? ` and ${more} more` : ''}`);
    }
  }

  const p = f.pain;
  if (p.max === null) {
    lines.push(p.pending || p.notSettled ? `Pain: none this week · ${p.notSettled} not settled · ${p.pending} awaiting answer` : 'Pain: none reported');
  } else {
    const area = p.areaGiven ? PAIN_AREA_LABELS[p.max.area].toLowerCase() : 'area not given';
    const bits = [`Pain max ${p.max.score}/10 ${area} (${p.max.weekday})`, `${p.flags} above ${painLimit}`];
    if (p.notSettled) bits.push(`${p.notSettled} not settled`);
    if (p.pending) bits.push(`${p.pending} awaiting answer`);
    lines.push(bits.join(' · '));
  }
  return lines;
}

/** Splits lines into field values of at most `max` characters, cutting only a single over-long line (visibly). */
export function chunkLines(lines: readonly string[], max: number = DISCORD_LIMITS.fieldValue): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = clip(raw, max);
    const next = current ? `${current}\n${line}` : line;
    if (next.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

// ---------------------------------------------------------------------------
// Packing within Discord's limits
// ---------------------------------------------------------------------------

export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

export interface EmbedHead {
  title: string;
  color: number;
  description?: string;
  footer?: string;
}

/**
 * Packs embeds and fields into messages: at most 10 embeds and 6000 characters per message,
 * 25 fields per embed. A section that spills over continues in a new embed titled
 * '… (continued)'.
 */
export class MessagePacker {
  readonly messages: RenderedMessage[] = [];
  private message: RenderedMessage | null = null;
  private size = 0;
  private embed: APIEmbed | null = null;
  private head: EmbedHead | null = null;
  private embedsInSection = 0;

  /** Adds a whole embed (e.g. a summary), in a new message if it doesn't fit in the current one. */
  addEmbed(embed: APIEmbed, files: RenderedFile[] = []): void {
    this.closeSection();
    const length = embedLength(embed);
    if (length > DISCORD_LIMITS.charsPerMessage) throw new Error(`embed "${embed.title}" is ${length} characters, over Discord's 6000`);
    this.ensureRoom(length, files.length);
    this.message!.embeds.push(embed);
    this.message!.files.push(...files);
    this.size += length;
  }

  /** Starts a section of fields under `head`. */
  startSection(head: EmbedHead): void {
    this.closeSection();
    this.head = head;
  }

  addField(field: APIEmbedField): void {
    if (!this.head) throw new Error('addField before startSection');
    const fieldLength = field.name.length + field.value.length;
    if (this.embed && (this.embed.fields!.length >= DISCORD_LIMITS.fieldsPerEmbed || this.size + fieldLength > DISCORD_LIMITS.charsPerMessage)) {
      this.embed = null; // continue in a new embed (and, if need be, a new message)
    }
    if (!this.embed) this.openEmbed(fieldLength);
    this.embed!.fields!.push(field);
    this.size += fieldLength;
  }

  finish(): RenderedMessage[] {
    this.closeSection();
    return this.messages;
  }

  private openEmbed(firstFieldLength: number): void {
    const head = this.head!;
    const continued = this.embedsInSection > 0;
    const embed: APIEmbed = {
      title: clip(continued ? `${head.title} (continued)` : head.title, DISCORD_LIMITS.title),
      color: head.color,
      fields: [],
      ...(head.description && !continued ? { description: head.description } : {}),
      ...(head.footer ? { footer: { text: head.footer } } : {}),
    };
    const length = embedLength(embed);
    this.ensureRoom(length + firstFieldLength, 0);
    this.message!.embeds.push(embed);
    this.size += length;
    this.embed = embed;
    this.embedsInSection += 1;
  }

  private closeSection(): void {
    this.embed = null;
    this.head = null;
    this.embedsInSection = 0;
  }

  private ensureRoom(length: number, files: number): void {
    const m = this.message;
    if (
      !m ||
      m.embeds.length >= DISCORD_LIMITS.embedsPerMessage ||
      this.size + length > DISCORD_LIMITS.charsPerMessage ||
      m.files.length + files > DISCORD_LIMITS.filesPerMessage
    ) {
      this.message = { embeds: [], files: [] };
      this.messages.push(this.message);
      this.size = 0;
    }
  }
}

/** Adds one athlete as one or more fields ('emoji name', then 'emoji name (cont.)'). */
function addAthleteFields(packer: MessagePacker, name: string, lines: string[]): void {
  chunkLines(lines).forEach((value, i) => {
    packer.addField({ name: clip(i === 0 ? name : `${name} (cont.)`, DISCORD_LIMITS.fieldName), value });
  });
}

// ---------------------------------------------------------------------------
// The weekly digest
// ---------------------------------------------------------------------------

function nameList(athletes: readonly DigestAthlete[], max = 60): string {
  const shown = athletes.slice(0, max).map((a) => escapeMarkdown(clip(a.displayName, 40)));
  return athletes.length > max ? `${shown.join(', ')} and ${athletes.length - max} more` : shown.join(', ');
}

export function digestSummaryEmbed(fig: DigestFigures, timeZone: string): APIEmbed {
  const t = fig.team;
  const th = fig.thresholds;
  const lines = [
    `${spanText(fig.span)} · dates and days in **${timeZone}**${fig.group ? ` · group **${escapeMarkdown(fig.group)}**` : ''}`,
  ];
  if (fig.inProgress) lines.push(`⏳ Week in progress (as of ${formatLocalDate(fig.asOf)}): later sessions are not counted as due yet.`);
  lines.push(
    `**Athletes** ${t.athletes} · ${STATUS_EMOJI.red} ${t.statusCounts.red} red · ${STATUS_EMOJI.amber} ${t.statusCounts.amber} amber · ${STATUS_EMOJI.green} ${t.statusCounts.green} green`,
  );
  if (t.due > 0) {
    const extra = [t.missed ? `${t.missed} missed` : null, t.excused ? `${t.excused} excused` : null, t.unlogged ? `${t.unlogged} not logged` : null, t.upcoming ? `${t.upcoming} still to come` : null]
      .filter(Boolean)
      .join(' · ');
    lines.push(`**Sessions** ${t.completed} of ${t.due} due done (${fmtPercent(t.compliance ?? 0)} compliance)${extra ? ` · ${extra}` : ''}`);
  } else {
    lines.push(`**Sessions** none due${t.excused ? ` (${t.excused} excused)` : ''}${t.upcoming ? ` · ${t.upcoming} still to come` : ''}`);
  }
  lines.push(`**Load** ${fmtNumber(t.totalLoad)} AU in total${t.meanLoad !== null ? ` · ${fmtNumber(t.meanLoad)} AU per athlete who trained` : ''}`);
  lines.push(`**Pain** ${plural(t.painFlags, 'session')} above ${th.painLimit}/10${t.notSettled ? ` · ${t.notSettled} not settled by the next morning` : ''}`);
  if (t.notLogged.length) lines.push(`**Not logged anything** ${nameList(t.notLogged)}`);
  if (t.nothingAssigned.length) lines.push(`**Nothing assigned** ${nameList(t.nothingAssigned)}`);
  if (t.athletes === 0) lines.push(fig.group ? 'Nobody in this group.' : 'The squad is empty.');
  lines.push(
    '',
    `-# Status lines: pain above ${th.painLimit}, compliance below ${fmtPercent(th.complianceAmber)} (red below ${fmtPercent(th.complianceRed)}), monotony above ${th.monotonyAlert}, strain above ${th.strainAlert} AU, ACWR outside ${th.acwrLow}-${th.acwrHigh}, hard sets outside ${th.hardSetMin}-${th.hardSetMax} per muscle (team settings).`,
  );
  return {
    title: clip(`Weekly digest · ${fig.span.label}`, DISCORD_LIMITS.title),
    color: SUMMARY_COLOUR,
    description: clip(lines.join('\n'), DISCORD_LIMITS.description),
    footer: { text: `${CREDITING_RULE} ${ACWR_METHOD} ${ACWR_CAVEAT}` },
  };
}

/**
 * The digest as messages: summary (+ load chart), hard-sets chart, then athletes by status.
 * Athletes never see this: it goes to the staff channel or to a coach, ephemerally.
 */
export function renderDigest(fig: DigestFigures, opts: { timeZone: string; charts?: DigestCharts }): RenderedMessage[] {
  const packer = new MessagePacker();
  const summary = digestSummaryEmbed(fig, opts.timeZone);
  const files: RenderedFile[] = [];
  if (opts.charts?.load) {
    files.push({ name: 'team-load.png', data: opts.charts.load, description: `Team session-RPE load, 8 weeks to ${fig.span.label}` });
    summary.image = { url: 'attachment://team-load.png' };
  }
  packer.addEmbed(summary, files);
  const pages = opts.charts?.hardSets ?? [];
  pages.forEach((png, i) => {
    const name = `team-hard-sets-${i + 1}.png`;
    packer.addEmbed(
      {
        title: `Hard sets per muscle vs the ${fig.thresholds.hardSetMin}-${fig.thresholds.hardSetMax} band${pages.length > 1 ? ` (${i + 1}/${pages.length})` : ''}`,
        color: SUMMARY_COLOUR,
        image: { url: `attachment://${name}` },
      },
      [{ name, data: png, description: `Hard sets per muscle per athlete, ${fig.span.label}` }],
    );
  });

  for (const level of ['red', 'amber', 'green'] as const) {
    const group = fig.athletes.filter((a) => a.status.level === level);
    if (group.length === 0) continue;
    packer.startSection({
      title: `${STATUS_EMOJI[level]} ${STATUS_WORD[level]}: ${plural(group.length, 'athlete')}`,
      color: STATUS_COLOUR[level],
      footer: SHORT_CAVEAT,
    });
    for (const a of group) {
      addAthleteFields(packer, `${STATUS_EMOJI[level]} ${athleteName(a.athlete)}`, athleteLines(a, fig.thresholds.painLimit));
    }
  }
  return packer.finish();
}

/**
 * The digest's charts (src/charts): team load over the 8 weeks of the load window, and hard
 * sets per muscle for the athletes who completed a session (alphabetical, pages of <= 12).
 * A chart that fails to render is left out (and logged by the caller via `onError`): the
 * figures still go out.
 */
export function digestCharts(fig: DigestFigures, onError: (err: unknown, chart: string) => void = () => undefined): DigestCharts {
  const charts: DigestCharts = {};
  try {
    if (fig.recentWeeks.some((w) => w.load > 0)) {
      charts.load = teamWeeklyLoadChart({
        weeks: fig.recentWeeks.map((w) => w.label),
        load: fig.recentWeeks.map((w) => (w.athletesWhoTrained > 0 ? w.load : null)),
        title: `Team load, 8 weeks to ${fig.span.label}${fig.group ? ` (${fig.group})` : ''}`,
        basis: 'total',
      }).png;
    }
  } catch (err) {
    onError(err, 'team load');
  }
  try {
    const trained = fig.athletes
      .filter((a) => a.sessions.completed > 0)
      .map((a) => ({ name: a.athlete.displayName, ...a.hardSets.perMuscle }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
    if (trained.length > 0) {
      charts.hardSets = teamHardSetsChartPages({
        athletes: trained,
        band: { min: fig.thresholds.hardSetMin, max: fig.thresholds.hardSetMax },
        title: `Hard sets per muscle, ${fig.span.label}`,
      }).map((c) => c.png);
    }
  } catch (err) {
    onError(err, 'hard sets');
  }
  return charts;
}

/** The trend chart of one athlete (load bars, pain line, rolling 7:28 ACWR); null if it fails. */
export function athleteChart(
  athlete: DigestAthlete,
  weeks: readonly AthleteWeekFigures[],
  painLimit: number,
  onError: (err: unknown, chart: string) => void = () => undefined,
): Buffer | null {
  try {
    return athleteTrendChart({
      name: athlete.displayName,
      weeks: weeks.map((w) => w.span.label),
      load: weeks.map((w) => (w.sessions.completed > 0 ? w.load.weekly : null)),
      painMax: weeks.map((w) => (w.sessions.completed > 0 ? (w.pain.max?.score ?? 0) : null)),
      acwr: weeks.map((w) => w.acwr.rolling),
      painLimit,
    }).png;
  } catch (err) {
    onError(err, 'athlete trend');
    return null;
  }
}

// ---------------------------------------------------------------------------
// One athlete over several weeks (/athlete for coaches, /me for the athlete)
// ---------------------------------------------------------------------------

export function renderAthleteTrend(
  athlete: DigestAthlete,
  weeks: readonly AthleteWeekFigures[],
  opts: { timeZone: string; painLimit: number; chart?: Buffer | null; audience: 'coach' | 'athlete' },
): RenderedMessage[] {
  const packer = new MessagePacker();
  const latest = weeks.at(-1);
  const who = opts.audience === 'athlete' ? 'Your' : `${athleteName(athlete)}:`;
  const level = latest?.status.level ?? 'green';
  const totals = weeks.reduce(
    (acc, w) => ({ completed: acc.completed + w.sessions.completed, due: acc.due + w.sessions.due, load: acc.load + w.load.weekly }),
    { completed: 0, due: 0, load: 0 },
  );
  const description = [
    weeks.length > 0 ? `${formatLocalDate(weeks[0]!.span.start)} – ${formatLocalDate(latest!.span.end)} ${latest!.span.end.slice(0, 4)} · days in **${opts.timeZone}**` : '',
    `**Sessions** ${totals.completed} of ${totals.due} due done${totals.due ? ` (${fmtPercent(totals.completed / totals.due)})` : ''} · **Load** ${fmtNumber(totals.load)} AU`,
    latest ? `**Latest week** ${STATUS_EMOJI[level]} ${latest.status.reasons.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const files: RenderedFile[] = [];
  const summary: APIEmbed = {
    title: clip(`${who} last ${plural(weeks.length, 'week')}`, DISCORD_LIMITS.title),
    color: STATUS_COLOUR[level],
    description: clip(description, DISCORD_LIMITS.description),
    footer: { text: `${CREDITING_RULE} ${ACWR_METHOD} ${ACWR_CAVEAT}` },
  };
  if (opts.chart) {
    files.push({ name: 'athlete-trend.png', data: opts.chart, description: 'Weekly load, ACWR and hard sets' });
    summary.image = { url: 'attachment://athlete-trend.png' };
  }
  packer.addEmbed(summary, files);
  packer.startSection({ title: 'Week by week (newest first)', color: STATUS_COLOUR[level], footer: SHORT_CAVEAT });
  for (const w of [...weeks].reverse()) {
    const lvl = w.status.level;
    const name = `${STATUS_EMOJI[lvl]} ${w.span.label} (${formatLocalDate(w.span.start)} – ${formatLocalDate(w.span.end)})${w.inProgress ? ' · in progress' : ''}`;
    addAthleteFields(packer, name, athleteLines(w, opts.painLimit));
  }
  return packer.finish();
}

function attachments(files: readonly RenderedFile[]): AttachmentBuilder[] {
  return files.map((f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.description ? { description: f.description } : {}) }));
}

/**
 * Sends rendered messages as the (deferred, ephemeral) answer to a command: the first as the
 * reply, the others as ephemeral follow-ups.
 */
export async function replyWithMessages(interaction: ChatInputCommandInteraction, messages: readonly RenderedMessage[]): Promise<void> {
  const [first, ...rest] = messages;
  if (!first) return;
  const payload = { embeds: first.embeds, files: attachments(first.files), allowedMentions: { parse: [] } };
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
  for (const m of rest) {
    await interaction.followUp({ embeds: m.embeds, files: attachments(m.files), allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral });
  }
}

/**
 * Plain-text fallback of the digest, for a messenger that can only post text notices: one
 * notice per section, each within `max` characters (split between fields, never cut).
 */
export function digestAsText(messages: readonly RenderedMessage[], max = 4000): { title: string; text: string }[] {
  const notices: { title: string; text: string }[] = [];
  for (const m of messages) {
    for (const e of m.embeds) {
      const blocks = [e.description ?? '', ...(e.fields ?? []).map((f) => `**${f.name}**\n${f.value}`)].filter(Boolean);
      if (blocks.length === 0) continue;
      const title = e.title ?? 'Weekly digest';
      for (const text of chunkLines(blocks.flatMap((b) => [...b.split('\n'), '']), max)) notices.push({ title, text: text.trim() });
    }
  }
  return notices;
}
