/**
 * Packing and sending of the weekly digest and of one athlete's trend; the words and numbers
 * themselves come from digestText.ts.
 *
 * Layout for a phone: one summary embed (the counts, pain by name, who logged nothing, who is
 * on plan, the one-line method) with the team load chart, the hard-sets chart, then one embed
 * per status for red and amber athletes only, each athlete a field: the reasons to act on,
 * then the figures behind them. Green athletes are named in the summary, nothing more.
 * Everything is packed within Discord's limits (10 embeds and 6000 characters per message, 25
 * fields per embed, 1024 per field value); nothing is cut without saying so.
 */
import { AttachmentBuilder, MessageFlags, type APIEmbed, type APIEmbedField, type ChatInputCommandInteraction } from 'discord.js';
import type { AthleteWeekFigures, DigestAthlete, DigestFigures } from '../../domain/digest';
import type { AthleteTrendData } from '../../charts';
import { asBuffer, chartPool } from '../../charts/pool';
import type { ChartResult, ChartTask } from '../../charts/tasks';
import type { StatusLevel } from '../../domain/status';
import { formatLocalDate } from '../../domain/time';
import { allTrainingField } from './allTraining';
import {
  athleteName,
  clip,
  fmtNumber,
  fmtPercent,
  flaggedAthleteLines,
  plural,
  spanText,
  STATUS_EMOJI,
  STATUS_WORD,
  summaryLines,
  trendWeekLines,
  weekHeading,
} from './digestText';
import { chunkLines, DISCORD_LIMITS, embedLength } from './pack';

export const STATUS_COLOUR: Record<StatusLevel, number> = { red: 0xdc2626, amber: 0xf59e0b, green: 0x16a34a };
const SUMMARY_COLOUR = 0x3b82f6;

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
  /** Hard sets per muscle per athlete, one PNG per page of athletes. */
  hardSets?: readonly Buffer[];
}

// ---------------------------------------------------------------------------
// Packing within Discord's limits
// ---------------------------------------------------------------------------

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
    if (length > DISCORD_LIMITS.embedTotal) throw new Error(`embed "${embed.title}" is ${length} characters, over Discord's 6000`);
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
    if (this.embed && (this.embed.fields!.length >= DISCORD_LIMITS.fields || this.size + fieldLength > DISCORD_LIMITS.embedTotal)) {
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
      title: clip(continued ? `${head.title} (continued)` : head.title, DISCORD_LIMITS.embedTitle),
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
      m.embeds.length >= DISCORD_LIMITS.embeds ||
      this.size + length > DISCORD_LIMITS.embedTotal ||
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

export function digestSummaryEmbed(fig: DigestFigures, timeZone: string): APIEmbed {
  // Other training, Nordic compliance and readiness lows (issue 13): one field under the summary.
  const field = allTrainingField(fig.allTrainingLines ?? []);
  return {
    title: clip(`Weekly digest · ${fig.span.label}`, DISCORD_LIMITS.embedTitle),
    color: SUMMARY_COLOUR,
    description: clip(summaryLines(fig, timeZone).join('\n'), DISCORD_LIMITS.embedDescription),
    ...(field ? { fields: [field] } : {}),
  };
}

/**
 * The digest as messages: summary (+ load chart), hard-sets chart, then red and amber athletes.
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
        title: `Hard sets per muscle${pages.length > 1 ? ` (${i + 1}/${pages.length})` : ''}`,
        color: SUMMARY_COLOUR,
        image: { url: `attachment://${name}` },
      },
      [{ name, data: png, description: `Hard sets per muscle per athlete, ${fig.span.label}` }],
    );
  });

  for (const level of ['red', 'amber'] as const) {
    const group = fig.athletes.filter((a) => a.status.level === level);
    if (group.length === 0) continue;
    packer.startSection({
      title: `${STATUS_EMOJI[level]} ${STATUS_WORD[level]}: ${plural(group.length, 'athlete')}`,
      color: STATUS_COLOUR[level],
    });
    for (const a of group) addAthleteFields(packer, `${STATUS_EMOJI[level]} ${athleteName(a.athlete)}`, flaggedAthleteLines(a));
  }
  return packer.finish();
}

/** `/digest explain`: the full method, once, instead of in every message. */
export { methodHelp } from './digestText';

/**
 * The digest's charts (src/charts): team load over the 8 weeks of the load window, and hard
 * sets per muscle for the athletes who completed a session (alphabetical, pages of athletes).
 * A chart that fails to render is left out (and logged by the caller via `onError`): the
 * figures still go out.
 * Rendered on a chart worker thread (src/charts/pool.ts): the event loop stays free.
 */
export async function digestChartsOffThread(
  fig: DigestFigures,
  onError: (err: unknown, chart: string) => void = () => undefined,
): Promise<DigestCharts> {
  return toDigestCharts(await chartPool().render(digestChartTask(fig)), onError);
}

/** What the digest's charts show, as plain data a worker can render. */
function digestChartTask(fig: DigestFigures): ChartTask {
  const task: Extract<ChartTask, { type: 'digest' }> = { type: 'digest' };
  if (fig.recentWeeks.some((w) => w.load > 0)) {
    task.load = {
      weeks: fig.recentWeeks.map((w) => w.start),
      load: fig.recentWeeks.map((w) => (w.athletesWhoTrained > 0 ? w.load : null)),
      byType: fig.recentWeeks.map((w) => w.byType ?? null),
      title: `Team load, 8 weeks${fig.group ? ` (${fig.group})` : ''}`,
      basis: 'total',
    };
  }
  const trained = fig.athletes
    .filter((a) => a.sessions.completed > 0)
    .map((a) => ({ name: a.athlete.displayName, ...a.hardSets.perMuscle }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  if (trained.length > 0) {
    task.hardSets = {
      athletes: trained,
      band: { min: fig.thresholds.hardSetMin, max: fig.thresholds.hardSetMax },
      title: `Hard sets, ${spanText(fig.span)}`,
    };
  }
  return task;
}

function toDigestCharts(result: ChartResult, onError: (err: unknown, chart: string) => void): DigestCharts {
  for (const e of result.errors) onError(new Error(e.message), e.chart);
  const charts: DigestCharts = {};
  if (result.load) charts.load = asBuffer(result.load);
  if (result.hardSets) charts.hardSets = result.hardSets.map(asBuffer);
  return charts;
}

/** The trend chart of one athlete (load bars, rolling 7:28 ACWR, pain in its own panel), rendered on a chart worker thread; null if it fails. */
export async function athleteChartOffThread(
  athlete: DigestAthlete,
  weeks: readonly AthleteWeekFigures[],
  thresholds: { painLimit: number; acwrLow: number; acwrHigh: number },
  onError: (err: unknown, chart: string) => void = () => undefined,
): Promise<Buffer | null> {
  if (weeks.length === 0) return null;
  return toTrend(await chartPool().render({ type: 'athleteTrend', data: athleteTrendData(athlete, weeks, thresholds) }), onError);
}

function athleteTrendData(
  athlete: DigestAthlete,
  weeks: readonly AthleteWeekFigures[],
  thresholds: { painLimit: number; acwrLow: number; acwrHigh: number },
): AthleteTrendData {
  return {
    name: athlete.displayName,
    weeks: weeks.map((w) => w.span.start),
    inProgress: weeks.map((w) => w.inProgress),
    load: weeks.map((w) => (w.sessions.completed > 0 || w.load.weekly > 0 ? w.load.weekly : null)),
    loadByType: weeks.map((w) => (w.load.byType ? { ...w.load.byType } : null)),
    painMax: weeks.map((w) => (w.sessions.completed > 0 ? (w.pain.max?.score ?? 0) : null)),
    acwr: weeks.map((w) => w.acwr.rolling),
    painLimit: thresholds.painLimit,
    acwrBand: { low: thresholds.acwrLow, high: thresholds.acwrHigh },
  };
}

function toTrend(result: ChartResult, onError: (err: unknown, chart: string) => void): Buffer | null {
  for (const e of result.errors) onError(new Error(e.message), e.chart);
  return result.trend ? asBuffer(result.trend) : null;
}

// ---------------------------------------------------------------------------
// One athlete over several weeks (/athlete for coaches, /me for the athlete)
// ---------------------------------------------------------------------------

/**
 * /me and /athlete: from the athlete's first assignment (at most the weeks asked for), the
 * week in progress labelled as such, newest first.
 */
export function renderAthleteTrend(
  athlete: DigestAthlete,
  weeks: readonly AthleteWeekFigures[],
  opts: {
    timeZone: string;
    chart?: Buffer | null;
    audience: 'coach' | 'athlete';
    firstSession?: string | null;
    /** This week's all-training figures (issue 13), as one field of the summary. */
    allTraining?: APIEmbedField;
    /** Readiness totals with the athlete's own mean (PNG), in its own embed. */
    readinessChart?: Buffer | null;
  },
): RenderedMessage[] {
  const packer = new MessagePacker();
  const who = opts.audience === 'athlete' ? 'Your weeks' : `${athleteName(athlete)}: week by week`;
  if (weeks.length === 0) {
    const first = opts.firstSession ? formatLocalDate(opts.firstSession) : null;
    const description = first
      ? `The first session is on ${first}: figures start that week.`
      : opts.audience === 'athlete'
        ? 'No sessions have been assigned to you yet.'
        : 'No sessions have been assigned yet: assign a program or a session first.';
    packer.addEmbed({
      title: clip(who, DISCORD_LIMITS.embedTitle),
      color: SUMMARY_COLOUR,
      description,
      ...(opts.allTraining ? { fields: [opts.allTraining] } : {}),
    });
    addReadinessChart(packer, opts.readinessChart);
    return packer.finish();
  }
  const done = weeks.filter((w) => !w.inProgress);
  const latest = done.at(-1);
  const level = latest?.status.level ?? 'green';
  const totals = weeks.reduce(
    (acc, w) => ({ completed: acc.completed + w.sessions.completed, due: acc.due + w.sessions.due, load: acc.load + w.load.weekly }),
    {
      completed: 0,
      due: 0,
      load: 0,
    },
  );
  const description = [
    `${spanText({ ...weeks[0]!.span, end: weeks.at(-1)!.span.end })} · ${opts.timeZone}`,
    `Sessions ${totals.completed}/${totals.due} done${totals.due ? ` (${fmtPercent(totals.completed / totals.due)})` : ''} · ${fmtNumber(totals.load)} AU`,
  ].join('\n');
  const files: RenderedFile[] = [];
  const summary: APIEmbed = {
    title: clip(who, DISCORD_LIMITS.embedTitle),
    color: STATUS_COLOUR[level],
    description: clip(description, DISCORD_LIMITS.embedDescription),
    ...(opts.allTraining ? { fields: [opts.allTraining] } : {}),
  };
  if (opts.chart) {
    files.push({ name: 'athlete-trend.png', data: opts.chart, description: 'Weekly load by type, ACWR and pain' });
    summary.image = { url: 'attachment://athlete-trend.png' };
  }
  packer.addEmbed(summary, files);
  addReadinessChart(packer, opts.readinessChart);
  packer.startSection({ title: 'Newest first', color: STATUS_COLOUR[level] });
  for (const w of [...weeks].reverse()) addAthleteFields(packer, weekHeading(w), trendWeekLines(w, opts.audience));
  return packer.finish();
}

/** The readiness chart (issue 13) in its own embed, after the summary. */
function addReadinessChart(packer: MessagePacker, png: Buffer | null | undefined): void {
  if (!png) return;
  packer.addEmbed({ title: 'Readiness before training', color: SUMMARY_COLOUR, image: { url: 'attachment://readiness.png' } }, [
    { name: 'readiness.png', data: png, description: 'Readiness total per day (5-35) with the usual level' },
  ]);
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
    await interaction.followUp({
      embeds: m.embeds,
      files: attachments(m.files),
      allowedMentions: { parse: [] },
      flags: MessageFlags.Ephemeral,
    });
  }
}
