/**
 * The digest's words and numbers: how each figure is written, one line at a time, for a
 * coach reading on a phone. No packing and no sending here (that is digest.ts), so the same
 * lines can go into embeds, plain-text notices or a future outbox.
 *
 * Every figure keeps its formula and source in src/domain (load.ts, status.ts, digest.ts);
 * the long explanation lives in `METHOD_HELP` (shown by `/digest explain`), not in every message.
 */
import { escapeMarkdown } from 'discord.js';
import {
  ACWR_METHOD,
  CREDITING_RULE,
  type AthleteWeekFigures,
  type DigestAthlete,
  type DigestFigures,
  type WeekSpan,
} from '../../domain/digest';
import { ACWR_CAVEAT } from '../../domain/load';
import { MUSCLES, type Muscle } from '../../domain/library/schema';
import { otherSessionWord } from '../../domain/otherTraining';
import { needsMorningQuestion, PAIN_AREA_LABELS } from '../../domain/pain';
import { STATUS_CHECKS, type StatusLevel, type StatusThresholds } from '../../domain/status';
import { formatLocalDate, WEEKDAY_SHORT, weekdayShort, type LocalDate } from '../../domain/time';

export const STATUS_EMOJI: Record<StatusLevel, string> = { red: '🔴', amber: '🟠', green: '🟢' };
export const STATUS_WORD: Record<StatusLevel, string> = { red: 'Red', amber: 'Amber', green: 'Green' };
const MUSCLE_SHORT: Record<Muscle, string> = { glutes: 'G', hamstrings: 'H', lowerBack: 'LB' };

export function fmtNumber(value: number): string {
  return String(Math.round(value));
}

/** Hard sets: whole or one decimal (0.5 credits). */
function fmtSets(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function fmtRatio(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

export function fmtPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Cuts text to `max` characters with a visible ellipsis (never silently). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function athleteName(a: DigestAthlete): string {
  return `${escapeMarkdown(clip(a.displayName, 80))}${a.active ? '' : ' (left the squad)'}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-03-09' -> '9 Mar'. */
function dayMonth(date: LocalDate): string {
  return `${Number(date.slice(8, 10))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`;
}

/** '9–15 Mar 2026' (both ends in one month) or '30 Mar–5 Apr 2026'. */
export function spanText(span: Pick<WeekSpan, 'start' | 'end'>): string {
  const sameMonth = span.start.slice(0, 7) === span.end.slice(0, 7);
  const from = sameMonth ? String(Number(span.start.slice(8, 10))) : dayMonth(span.start);
  return `${from}–${dayMonth(span.end)} ${span.end.slice(0, 4)}`;
}

/** The short method line closing the digest: only the checks that could fire this week. */
function methodLine(fig: DigestFigures): string {
  const used = new Set(fig.athletes.flatMap((a) => a.status.checks));
  const words: Record<(typeof STATUS_CHECKS)[number], string> = {
    sessions: 'due sessions done',
    pain: `pain within the model (Silbernagel 2007, limit ${fig.thresholds.painLimit})`,
    'load change': 'load no faster than the plan (7:28)',
    monotony: `monotony ≤ ${fig.thresholds.monotonyAlert}`,
    strain: `strain ≤ ${fig.thresholds.strainAlert} AU`,
    'hard-set band': `hard sets ${fig.thresholds.hardSetMin}-${fig.thresholds.hardSetMax}`,
  };
  const checks = STATUS_CHECKS.filter((c) => used.has(c)).map((c) => words[c]);
  const band = fig.thresholds.holdToHardSetBand
    ? ''
    : ` Hard sets: done/prescribed (${fig.thresholds.hardSetMin}-${fig.thresholds.hardSetMax} a week is for all training, context).`;
  return `-# Green = ${checks.length ? checks.join(', ') : 'nothing to check this week'}.${band} ACWR = load change, not injury risk. \`/digest explain:True\` for the method.`;
}

/** The full method, shown on request instead of in every message. */
export function methodHelp(t: StatusThresholds): string {
  return [
    '**How the digest decides**',
    `• **Green**: every due session done (excused ones aside), pain within the pain-monitoring model, and load not changing faster than the plan itself intends. Anything else says why and what to do.`,
    `• **Sessions**: any due session not done is amber; fewer than ${fmtPercent(t.complianceRed)} done is red (Nordic benefit needs more than about 50 % compliance, Ripley et al. 2021).`,
    `• **Pain** (Silbernagel et al. 2007): up to 2/10 safe, 3-${t.painLimit} acceptable, above ${t.painLimit} too much. Any pain above 2 gets a next-morning question. Above ${t.painLimit}, or not settled by the morning, regresses the next session and tells staff. An unanswered question is shown as unknown and regresses nothing on its own. Pain logged with other training (a match, practice) counts the same, but is not asked about the next morning and regresses nothing.`,
    `• **Load** = session RPE × minutes (Foster et al. 2001). ${ACWR_METHOD} Outside ${t.acwrLow}-${t.acwrHigh} (Gabbett 2016 edges) times the plan's own ratio is flagged; a planned deload week is expected, not a drop. ${ACWR_CAVEAT}`,
    `• **Monotony** = mean ÷ SD of the 7 daily loads, **strain** = weekly load × monotony (Foster 1998). Lines ${t.monotonyAlert} and ${t.strainAlert} AU are conventions. They are only checked when the athlete's schedule can reach them: with k training days monotony is at most √(k ÷ (7 − k)), so 2.0 needs six days.`,
    `• **Hard sets**: ${CREDITING_RULE} Done is compared with what the due sessions prescribed. The ${t.hardSetMin}-${t.hardSetMax} sets a week per muscle of the glute & hamstring training guide covers ALL of a muscle's training (Schoenfeld et al. 2017 only report "10+" as their top group), so it is context unless the team chose \`/settings hold_to_band:True\`.`,
  ].join('\n');
}

/** 'G 4/6 · H 8/9 · LB 1/2': hard sets done / prescribed in the due sessions. */
function hardSetsText(f: AthleteWeekFigures): string {
  return MUSCLES.map((m) => `${MUSCLE_SHORT[m]} ${fmtSets(f.hardSets.perMuscle[m])}/${fmtSets(f.prescribedHardSets[m])}`).join(' · ');
}

/**
 * One compact line of the week's figures: sessions, load, ACWR (with the plan's and the EWMA),
 * hard sets done/prescribed. Daily loads, monotony and strain only where a reason needs them.
 */
function figureLines(f: AthleteWeekFigures): string[] {
  const s = f.sessions;
  const parts: string[] = [];
  const sessionsSaid = f.status.reasons.some((r) => r.text.startsWith('Did '));
  if (s.assigned === 0) parts.push('nothing assigned');
  else if (!sessionsSaid)
    parts.push(
      `sessions ${s.completed}/${s.due}${s.excused ? ` (+${s.excused} excused)` : ''}${s.upcoming ? ` · ${s.upcoming} to come` : ''}`,
    );
  const b = f.load.byType;
  const otherLoad = b ? b.total - b.assigned : 0;
  // Other training (issue 13) is its own figure: "1880 AU (gym 710, other 1170)".
  if (s.completed > 0 || otherLoad > 0)
    parts.push(`${fmtNumber(f.load.weekly)} AU${otherLoad > 0 ? ` (gym ${fmtNumber(b.assigned)}, other ${fmtNumber(otherLoad)})` : ''}`);
  const a = f.acwr;
  if (!f.inProgress && a.rolling !== null) {
    const gym = a.assigned !== undefined && a.assigned !== null && a.assigned !== a.rolling ? `gym ${fmtRatio(a.assigned)}` : null;
    const extra = [gym, a.planned !== null ? `plan ${fmtRatio(a.planned)}` : null, a.ewma !== null ? `EWMA ${fmtRatio(a.ewma)}` : null]
      .filter(Boolean)
      .join(', ');
    parts.push(`ACWR ${fmtRatio(a.rolling)}${extra ? ` (${extra})` : ''}`);
  } else if (!f.inProgress && !a.enoughHistory && s.completed > 0) {
    parts.push(`ACWR after 28 days (${a.historyDays} so far)`);
  }
  if (s.due > 0 || s.completed > 0) parts.push(`hard sets ${hardSetsText(f)}`);
  const lines = [parts.join(' · ')];
  if (f.status.reasons.some((r) => /^((Assigned l|L)oad (rose|fell)|Monotony|Strain)/.test(r.text))) {
    const days = f.load.daily.map((d, i) => (d > 0 ? `${WEEKDAY_SHORT[i]} ${fmtNumber(d)}` : null)).filter(Boolean);
    lines.push(
      `daily AU: ${days.join(' · ') || 'none'}${f.load.monotony !== null ? ` · monotony ${fmtRatio(f.load.monotony)} · strain ${fmtNumber(f.load.strain ?? 0)}` : ''}`,
    );
  }
  if (f.hardSets.uncounted.length > 0) lines.push(`not counted: ${escapeMarkdown(clip(f.hardSets.uncounted.join('; '), 160))}`);
  return lines;
}

/** 'Ana 7 hamstring Tue (not settled)', 'Ben 6 Sat (match)': one entry per athlete with pain above the safe band this week (after a check-in, the pain asked about the next morning), worst first. */
function painLine(fig: DigestFigures): string | null {
  const entries = fig.athletes
    .map((a) => {
      const worst = [...a.pain.reports]
        .filter((r) => needsMorningQuestion(r.score, { painLimit: fig.thresholds.painLimit }))
        .sort((x, y) => y.score - x.score || (x.followup === 'not_settled' ? -1 : 1))[0];
      if (!worst) return null;
      const state =
        worst.followup === 'not_settled'
          ? 'not settled'
          : worst.followup === 'pending'
            ? 'no answer'
            : worst.followup === 'settled'
              ? 'settled'
              : null;
      const where = worst.area ? ` ${PAIN_AREA_LABELS[worst.area].toLowerCase()}` : '';
      const day = weekdayShort(worst.localDate);
      // With other training there is no morning question: say what it was instead.
      const note = worst.during ? otherSessionWord(worst.during) : state;
      return {
        score: worst.score,
        text: `${escapeMarkdown(clip(a.athlete.displayName, 40))} ${worst.score}${where} ${day}${note ? ` (${note})` : ''}`,
      };
    })
    .filter((e): e is { score: number; text: string } => e !== null)
    .sort((x, y) => y.score - x.score);
  if (entries.length === 0) return null;
  return `**Pain** ${entries.map((e) => e.text).join(' · ')}`;
}

/** Names, comma-separated, at most `max` shown and the rest counted. */
function nameList(athletes: readonly DigestAthlete[], max = 60): string {
  const shown = athletes.slice(0, max).map((a) => escapeMarkdown(clip(a.displayName, 30)));
  return athletes.length > max ? `${shown.join(', ')} and ${athletes.length - max} more` : shown.join(', ');
}

/** The digest's summary lines: the week, the counts, pain by name, who logged nothing, who is on plan. */
export function summaryLines(fig: DigestFigures, timeZone: string): string[] {
  const t = fig.team;
  const lines = [`${spanText(fig.span)} · ${timeZone}${fig.group ? ` · group **${escapeMarkdown(fig.group)}**` : ''}`];
  if (fig.inProgress) lines.push(`⏳ Week in progress (as of ${formatLocalDate(fig.asOf)}): later sessions are not due yet.`);
  const counts = `${STATUS_EMOJI.red} ${t.statusCounts.red} · ${STATUS_EMOJI.amber} ${t.statusCounts.amber} · ${STATUS_EMOJI.green} ${t.statusCounts.green}`;
  const sessions = t.due > 0 ? ` · sessions ${t.completed}/${t.due} done (${fmtPercent(t.compliance ?? 0)})` : ' · no sessions due';
  // Athletes without consent are not judged, so they are counted apart from the colours.
  const unjudged = fig.noConsent?.length ? ` · ${fig.noConsent.length} without consent` : '';
  lines.push(`**${plural(t.athletes, 'athlete')}** ${counts}${sessions}${unjudged}`);
  const pain = painLine(fig);
  if (pain) lines.push(pain);
  if (t.notLogged.length) lines.push(`**Logged nothing** ${nameList(t.notLogged)}`);
  if (t.nothingAssigned.length) lines.push(`**Nothing assigned** ${nameList(t.nothingAssigned)}`);
  if (fig.noConsent?.length) {
    lines.push(
      `**No consent** ${nameList(fig.noConsent.map((a) => a.athlete))}: they get their sessions, but nothing they report is stored, so their week isn't judged.`,
    );
  }
  const green = fig.athletes.filter((a) => a.status.level === 'green' && a.sessions.assigned > 0).map((a) => a.athlete);
  if (green.length) lines.push(`${STATUS_EMOJI.green} **On plan** ${nameList(green)}`);
  if (t.athletes === 0 && !fig.noConsent?.length) lines.push(fig.group ? 'Nobody in this group.' : 'The squad is empty.');
  lines.push(methodLine(fig));
  return lines;
}

/** An amber or red athlete: the reasons (each a sentence to act on), then the figures behind them. */
export function flaggedAthleteLines(f: AthleteWeekFigures): string[] {
  return [...f.status.reasons.map((r) => r.text), ...figureLines(f)];
}

/** A week's heading in /me and /athlete: 'W11 · 9–15 Mar 2026 (in progress)'. */
export function weekHeading(f: AthleteWeekFigures): string {
  return `${STATUS_EMOJI[f.status.level]} W${f.span.week.week} · ${spanText(f.span)}${f.inProgress ? ' · in progress' : ''}`;
}

/**
 * One week of /me (the athlete's own view: their figures and the status in plain words, no
 * coaching instructions) or /athlete (a coach: the reasons to act on).
 */
export function trendWeekLines(f: AthleteWeekFigures, audience: 'coach' | 'athlete'): string[] {
  const status = f.inProgress && f.status.level === 'green' ? f.status.reasons[0]!.text : null;
  if (audience === 'coach') return [...(status ? [status] : f.status.reasons.map((r) => r.text)), ...figureLines(f)];
  const word = f.inProgress ? 'so far' : STATUS_WORD[f.status.level].toLowerCase();
  const pain = f.pain.max ? `highest pain ${f.pain.max.score}/10 ${f.pain.max.weekday}` : null;
  return [[`${word}`, ...figureLines(f), pain].filter(Boolean).join(' · ')];
}
