/**
 * What one scheduler tick reads, read once and shared by every job: the teams, the candidate
 * sessions, the excusals, the deload weeks, the teams asking for readiness and the team sessions
 * waiting for an RPE. The jobs filter in memory; none queries per athlete.
 *
 * A tick looks only at the teams whose watermark has passed or whose data changed (see
 * scheduler.ts), a few teams at a time: each chunk gets a context scoped to its teams, and what
 * every chunk needs alike (the fleet's teams, the excusals of the window, the readiness settings,
 * the digests' spreading) is read once per tick in TickShared.
 *
 * A job called without a context (a test calling due() directly) gets a fresh unscoped one: the
 * answers are the same, only read for that call, for every team.
 */
import { performance } from 'node:perf_hooks';
import type { Runtime } from '../app';
import type { ReadinessTeam } from '../domain/allTrainingSchedule';
import { addDays, type LocalDate } from '../domain/time';
import type { ExcusalLookup } from '../repositories/excusals';
import type { DeloadRow, SessionCandidate, TeamRpeCandidateRow } from '../repositories/schedule';
import type { Team } from '../repositories/teams';

export interface Window {
  from: LocalDate;
  to: LocalDate;
}

const covers = (have: Window | undefined, want: Window) => have !== undefined && have.from <= want.from && have.to >= want.to;
const union = (a: Window | undefined, b: Window): Window =>
  a ? { from: a.from < b.from ? a.from : b.from, to: a.to > b.to ? a.to : b.to } : b;

/** What a tick reads once for all its chunks of teams. */
export class TickShared {
  private teamMap: Map<string, Team> | undefined;
  private excusals: { window: Window; lookup: ExcusalLookup } | undefined;
  private readiness: ReadinessTeam[] | undefined;
  private readonly memos = new Map<string, unknown>();

  constructor(private readonly app: Runtime) {}

  /** Teams the bot is still in: once it leaves a server (teams.left_at), nothing more is due for it. */
  teams(): Map<string, Team> {
    this.teamMap ??= new Map(
      this.app.teams
        .all()
        .filter((t) => !t.leftAt)
        .map((t) => [t.guildId, t]),
    );
    return this.teamMap;
  }

  /** Excusals overlapping the window, every team (few rows: only current and coming excusals overlap a tick's window). */
  excusalLookup(want: Window): ExcusalLookup {
    if (!covers(this.excusals?.window, want)) {
      const window = union(this.excusals?.window, want);
      this.excusals = { window, lookup: this.app.excusals.lookup(window.from, window.to) };
    }
    return this.excusals!.lookup;
  }

  /** Teams with the readiness check on. */
  readinessTeams(): ReadinessTeam[] {
    this.readiness ??= this.app.readinessRepo.teamsAsking();
    return this.readiness;
  }

  /** A value worked out once per tick for the whole fleet (e.g. how digests due together are spread). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }
}

export class TickContext {
  readonly shared: TickShared;
  private readonly guilds: readonly string[] | undefined;
  private candidates: { window: Window; rows: SessionCandidate[] } | undefined;
  private deloads: { window: Window; rows: DeloadRow[] } | undefined;
  private teamRpe: { endedFrom: number; rows: TeamRpeCandidateRow[] } | undefined;
  private teamMap: Map<string, Team> | undefined;

  /** Without `scope`, every team (read for this context alone). */
  constructor(
    private readonly app: Runtime,
    scope?: { guilds: readonly string[]; shared: TickShared },
  ) {
    this.shared = scope?.shared ?? new TickShared(app);
    this.guilds = scope?.guilds;
  }

  /** The teams this context looks at (still in their server). */
  teams(): Map<string, Team> {
    if (!this.guilds) return this.shared.teams();
    if (!this.teamMap) {
      const fleet = this.shared.teams();
      this.teamMap = new Map(this.guilds.flatMap((g) => (fleet.has(g) ? [[g, fleet.get(g)!] as const] : [])));
    }
    return this.teamMap;
  }

  /** Every team of the fleet, whatever this context's scope (the digests' spreading is fleet-wide). */
  fleetTeams(): Map<string, Team> {
    return this.shared.teams();
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
   * Reads the tick's sessions a day at a time (per team when scoped), giving the event loop back
   * whenever a read took a few ms: one read of the whole window held the loop for hundreds of ms
   * at a few thousand athletes, and one team's window for tens of ms when its rows are not cached.
   */
  async primeSessions(want: Window, yieldToLoop: () => Promise<void>, sliceMs = 4): Promise<void> {
    const rows: SessionCandidate[] = [];
    let slice = performance.now();
    for (const guildId of this.guilds ?? [undefined]) {
      for (let day = want.from; day <= want.to; day = addDays(day, 1)) {
        rows.push(...this.app.schedule.sessionCandidates(day, day, guildId));
        if (performance.now() - slice > sliceMs) {
          await yieldToLoop();
          slice = performance.now();
        }
      }
    }
    this.candidates = { window: want, rows };
    // The first job's due() comes after a turn of the loop, not on top of the last read.
    await yieldToLoop();
  }

  /** Sessions dated in the window (inclusive) of this context's teams; from memory when an earlier read covers it. */
  sessionCandidates(want: Window): SessionCandidate[] {
    if (!covers(this.candidates?.window, want)) {
      const window = union(this.candidates?.window, want);
      const rows = this.guilds
        ? this.guilds.flatMap((g) => this.app.schedule.sessionCandidates(window.from, window.to, g))
        : this.app.schedule.sessionCandidates(window.from, window.to);
      this.candidates = { window, rows };
    }
    const { window, rows } = this.candidates!;
    if (window.from === want.from && window.to === want.to) return rows;
    return rows.filter((c) => c.sessionDate >= want.from && c.sessionDate <= want.to);
  }

  /** Every session this context has read (the widest window asked for so far). */
  readSessions(): readonly SessionCandidate[] {
    return this.candidates?.rows ?? [];
  }

  /** Excusals overlapping the window; a lookup over a wider window answers the same for dates inside it. */
  excusalLookup(want: Window): ExcusalLookup {
    return this.shared.excusalLookup(want);
  }

  /**
   * Deload weeks' first sessions in the window. A wider read can only add weeks whose dates fall
   * outside the narrower window; their notifications are due outside (since, now] and the runner
   * drops them.
   */
  deloadRows(want: Window): DeloadRow[] {
    if (!covers(this.deloads?.window, want)) {
      const window = union(this.deloads?.window, want);
      const rows = this.guilds
        ? this.app.schedule.deloadRowsFor(this.guilds, window.from, window.to)
        : this.app.schedule.deloadRows(window.from, window.to);
      this.deloads = { window, rows };
    }
    return this.deloads!.rows;
  }

  /** The teams (of this context) asking for the readiness check. */
  readinessTeams(): ReadinessTeam[] {
    const teams = this.teams();
    return this.shared.readinessTeams().filter((t) => teams.has(t.guildId));
  }

  /** Athletes' places in team sessions that ended at or after `endedFrom`, this context's teams. */
  teamRpeCandidates(endedFrom: Date): TeamRpeCandidateRow[] {
    if (!this.teamRpe || this.teamRpe.endedFrom > endedFrom.getTime()) {
      const guilds = this.guilds ?? [...this.shared.teams().keys()];
      this.teamRpe = { endedFrom: endedFrom.getTime(), rows: this.app.schedule.teamRpeCandidates(guilds, endedFrom) };
    }
    const from = endedFrom.getTime();
    return this.teamRpe.rows.filter((r) => r.endsAt.getTime() >= from);
  }
}
