/**
 * What one scheduler tick reads, read once and shared by every job: the teams, the candidate
 * sessions, the excusals and the deload weeks of the widest window any job asks for. Each job
 * used to read them again (six jobs, the same sessions); now the tick reads each once, for every
 * team at once, and the jobs filter in memory.
 *
 * A job called without a context (a test calling due() directly) gets a fresh one: the answers
 * are the same, only read for that call.
 */
import type { Runtime } from '../app';
import { addDays, type LocalDate } from '../domain/time';
import type { ExcusalLookup } from '../repositories/excusals';
import type { DeloadRow, SessionCandidate } from '../repositories/schedule';
import type { Team } from '../repositories/teams';

interface Window {
  from: LocalDate;
  to: LocalDate;
}

const covers = (have: Window | undefined, want: Window) => have !== undefined && have.from <= want.from && have.to >= want.to;
const union = (a: Window | undefined, b: Window): Window =>
  a ? { from: a.from < b.from ? a.from : b.from, to: a.to > b.to ? a.to : b.to } : b;

export class TickContext {
  private teamMap: Map<string, Team> | undefined;
  private candidates: { window: Window; rows: SessionCandidate[] } | undefined;
  private excusals: { window: Window; lookup: ExcusalLookup } | undefined;
  private deloads: { window: Window; rows: DeloadRow[] } | undefined;

  constructor(private readonly app: Runtime) {}

  teams(): Map<string, Team> {
    // Teams the bot is still in: once it leaves a server (teams.left_at), nothing more is due for it.
    this.teamMap ??= new Map(
      this.app.teams
        .all()
        .filter((t) => !t.leftAt)
        .map((t) => [t.guildId, t]),
    );
    return this.teamMap;
  }

  /**
   * Reads the widest windows up front (the runner knows every job's look-back), so the first job
   * does not read a narrow window that the next one must read again.
   */
  prime(windows: { sessions?: Window; excusals?: Window; deloads?: Window }): void {
    if (windows.sessions) this.sessionCandidates(windows.sessions);
    if (windows.excusals) this.excusalLookup(windows.excusals);
    if (windows.deloads) this.deloadRows(windows.deloads);
  }

  /**
   * Reads the tick's sessions a day at a time, giving the event loop back between days: at a
   * few thousand athletes one read of the whole window held the loop for hundreds of ms.
   */
  async primeSessions(want: Window, yieldToLoop: () => Promise<void>): Promise<void> {
    const rows: SessionCandidate[] = [];
    for (let day = want.from; day <= want.to; day = addDays(day, 1)) {
      rows.push(...this.app.schedule.sessionCandidates(day, day));
      await yieldToLoop();
    }
    this.candidates = { window: want, rows };
  }

  /** Sessions dated in the window (inclusive), every team; from memory when an earlier read covers it. */
  sessionCandidates(want: Window): SessionCandidate[] {
    if (!covers(this.candidates?.window, want)) {
      const window = union(this.candidates?.window, want);
      this.candidates = { window, rows: this.app.schedule.sessionCandidates(window.from, window.to) };
    }
    const { window, rows } = this.candidates!;
    if (window.from === want.from && window.to === want.to) return rows;
    return rows.filter((c) => c.sessionDate >= want.from && c.sessionDate <= want.to);
  }

  /** Excusals overlapping the window; a lookup over a wider window answers the same for dates inside it. */
  excusalLookup(want: Window): ExcusalLookup {
    if (!covers(this.excusals?.window, want)) {
      const window = union(this.excusals?.window, want);
      this.excusals = { window, lookup: this.app.excusals.lookup(window.from, window.to) };
    }
    return this.excusals!.lookup;
  }

  /**
   * Deload weeks' first sessions in the window. A wider read can only add weeks whose dates fall
   * outside the narrower window; their notifications are due outside (since, now] and the runner
   * drops them.
   */
  deloadRows(want: Window): DeloadRow[] {
    if (!covers(this.deloads?.window, want)) {
      const window = union(this.deloads?.window, want);
      this.deloads = { window, rows: this.app.schedule.deloadRows(window.from, window.to) };
    }
    return this.deloads!.rows;
  }
}
