/**
 * Team sessions and exercises as use cases: a whiteboard is parsed into a draft, the coach
 * confirms the card, then it is saved; built-in templates and the team's own sessions are
 * offered side by side wherever a session is picked.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { templates as builtInTemplates, getTemplate, toPrescription } from '../domain/library';
import type { Exercise, Prescription, SessionTemplate } from '../domain/library/schema';
import { buildTeamExercise, teamLibrary, type TeamExerciseInput } from '../domain/teamExercises';
import { prescriptionOf } from '../domain/teamSessions';
import { parseWhiteboard, toWhiteboard, type LineProblem, type WhiteboardSession } from '../domain/whiteboard';
import type { TeamExerciseRepository, TeamSession, TeamSessionRepository } from '../repositories/teamLibrary';
import { ok, refuse, type Outcome } from './results';

/** A parsed whiteboard waiting for the coach's "Save". Kept in memory: a restart only costs a re-submit. */
export interface SessionDraft {
  token: string;
  guildId: string;
  coachId: string;
  /** Set when editing an existing team session. */
  editing: string | null;
  whiteboard: string;
  session: WhiteboardSession;
  expiresAt: number;
}

/** A whiteboard kept for "Fix the text" after it had problems. */
export interface KeptText {
  token: string;
  guildId: string;
  name: string;
  whiteboard: string;
  editing: string | null;
  expiresAt: number;
}

/** A session a coach can pick: a built-in template or one of the team's. */
export interface PickableSession {
  id: string;
  name: string;
  estimatedMinutes: number;
  team: boolean;
}

const DRAFT_TTL_MS = 30 * 60_000;
const MAX_DRAFTS = 500;

export class TeamSessionService {
  private readonly drafts = new Map<string, SessionDraft>();
  private readonly texts = new Map<string, KeptText>();

  constructor(
    private readonly deps: {
      sessions: TeamSessionRepository;
      exercises: TeamExerciseRepository;
      clock: Clock;
    },
  ) {}

  /** Built-in exercises and the team's own. */
  library(guildId: string): readonly Exercise[] {
    return teamLibrary(this.deps.exercises.list(guildId));
  }

  /** The team's own exercises (built-in ones are in the library). */
  teamExercises(guildId: string): Exercise[] {
    return this.deps.exercises.list(guildId);
  }

  /** Built-in templates first, then the team's live sessions. */
  pickable(guildId: string): PickableSession[] {
    return [
      ...builtInTemplates.map((t) => ({ id: t.id, name: t.name, estimatedMinutes: t.estimatedMinutes, team: false })),
      ...this.deps.sessions
        .list(guildId)
        .map((s) => ({ id: s.templateId, name: s.name, estimatedMinutes: s.template.estimatedMinutes, team: true })),
    ];
  }

  /** A built-in template or a live team session, with its snapshot for an assignment. */
  sessionFor(guildId: string, templateId: string): { template: SessionTemplate; prescription: Prescription } | undefined {
    const builtIn = getTemplate(templateId);
    if (builtIn) return { template: builtIn, prescription: toPrescription(builtIn) };
    const own = this.deps.sessions.get(guildId, templateId);
    if (!own || own.archivedAt) return undefined;
    return { template: own.template, prescription: prescriptionOf(own.template, this.library(guildId)) };
  }

  /**
   * The session a coach picked or typed, by id (what autocomplete gives) or by name: a live one
   * with its snapshot, or why it can't be used (archived, or unknown).
   */
  pick(
    guildId: string,
    input: string,
  ): Outcome<{ templateId: string; name: string; team: boolean; template: SessionTemplate; prescription: Prescription }> {
    const typed = input.trim();
    const byName = typed.toLowerCase();
    const templateId =
      getTemplate(typed)?.id ??
      this.deps.sessions.get(guildId, typed)?.templateId ??
      this.deps.sessions.byName(guildId, typed)?.templateId ??
      builtInTemplates.find((t) => t.name.toLowerCase() === byName)?.id ??
      this.deps.sessions.list(guildId, { includeArchived: true }).find((s) => s.name.toLowerCase() === byName)?.templateId;
    const found = templateId ? this.sessionFor(guildId, templateId) : undefined;
    if (templateId && found) {
      const own = this.deps.sessions.get(guildId, templateId);
      return ok({ templateId, name: own?.name ?? found.template.name, team: own !== undefined, ...found });
    }
    const archived = templateId ? this.deps.sessions.get(guildId, templateId) : undefined;
    if (archived?.archivedAt) {
      return refuse(
        `**${archived.name}** is archived, so it can't be scheduled any more. Pick a live session from the list (\`/session list\`), or write it again with \`/session create\`.`,
      );
    }
    return refuse(
      `I don't know the session "${typed.slice(0, 60)}". Pick one from the list (your team's sessions and the built-in templates), or see them with \`/session list\`.`,
    );
  }

  list(guildId: string): TeamSession[] {
    return this.deps.sessions.list(guildId);
  }

  get(guildId: string, templateId: string): TeamSession | undefined {
    return this.deps.sessions.get(guildId, templateId);
  }

  /** The whiteboard text to open `/session edit` or `copy` with. */
  whiteboardOf(guildId: string, templateId: string): Outcome<{ name: string; whiteboard: string; team: boolean }> {
    const own = this.deps.sessions.get(guildId, templateId);
    if (own && !own.archivedAt) return ok({ name: own.name, whiteboard: own.whiteboard, team: true });
    const builtIn = getTemplate(templateId);
    if (builtIn) return ok({ name: builtIn.name, whiteboard: toWhiteboard(builtIn), team: false });
    return refuse(`I don't know the session "${templateId}". Pick one from the list, or see them all with \`/session list\`.`);
  }

  /**
   * Parses a whiteboard into a draft for the coach to confirm. Refuses with every problem (line
   * by line, with "did you mean") or a name another live session already has.
   */
  draft(req: {
    guildId: string;
    coachId: string;
    name: string;
    whiteboard: string;
    editing?: string | null;
  }): Outcome<SessionDraft> | { ok: false; message: string; problems: LineProblem[] } {
    const parsed = parseWhiteboard({ name: req.name, text: req.whiteboard, library: this.library(req.guildId) });
    if (!parsed.ok) return { ok: false, message: problemsMessage(parsed.problems), problems: parsed.problems };
    const clash = this.deps.sessions.byName(req.guildId, req.name);
    if (clash && clash.templateId !== (req.editing ?? null)) {
      return refuse(`Your team already has a session called **${clash.name}**. Pick another name, or change it with \`/session edit\`.`);
    }
    if (!req.editing && builtInTemplates.some((t) => t.name.toLowerCase() === req.name.trim().toLowerCase())) {
      return refuse(`**${req.name.trim()}** is a built-in template's name. Pick another name for your version.`);
    }
    this.sweep();
    const draft: SessionDraft = {
      token: randomUUID().replace(/-/g, '').slice(0, 16),
      guildId: req.guildId,
      coachId: req.coachId,
      editing: req.editing ?? null,
      whiteboard: req.whiteboard,
      session: parsed.session,
      expiresAt: this.deps.clock.now().getTime() + DRAFT_TTL_MS,
    };
    this.drafts.set(draft.token, draft);
    return ok(draft);
  }

  /** Keeps a whiteboard that had problems, so "Fix the text" reopens the form with it. */
  keepText(t: Omit<KeptText, 'token' | 'expiresAt'>): string {
    this.sweep();
    const token = randomUUID().replace(/-/g, '').slice(0, 16);
    this.texts.set(token, { ...t, token, expiresAt: this.deps.clock.now().getTime() + DRAFT_TTL_MS });
    return token;
  }

  keptText(token: string, guildId: string): KeptText | undefined {
    this.sweep();
    const t = this.texts.get(token);
    return t && t.guildId === guildId ? t : undefined;
  }

  getDraft(token: string, guildId: string): SessionDraft | undefined {
    this.sweep();
    const d = this.drafts.get(token);
    return d && d.guildId === guildId ? d : undefined;
  }

  discardDraft(token: string, guildId: string): boolean {
    const d = this.getDraft(token, guildId);
    return d ? this.drafts.delete(token) : false;
  }

  /** Saves a confirmed draft (new session, or the edit of one). */
  saveDraft(token: string, guildId: string, coachId: string): Outcome<TeamSession> {
    const d = this.getDraft(token, guildId);
    if (!d) return refuse('This draft has expired (drafts last 30 minutes). Run `/session create` again.');
    const now = this.deps.clock.now();
    const input = { whiteboard: d.whiteboard, template: d.session.template };
    const saved = d.editing
      ? this.deps.sessions.update(guildId, d.editing, input, coachId, now)
      : this.deps.sessions.create(guildId, input, coachId, now);
    if (!saved) {
      return refuse(
        d.editing
          ? 'That session was archived or renamed meanwhile: nothing was saved. Check `/session list`.'
          : `Your team already has a live session called **${d.session.template.name}**: nothing was saved.`,
      );
    }
    this.drafts.delete(token);
    return ok(saved);
  }

  archive(guildId: string, templateId: string, coachId: string): Outcome<TeamSession> {
    const s = this.deps.sessions.get(guildId, templateId);
    if (!s || s.archivedAt) {
      return refuse(
        getTemplate(templateId)
          ? "Built-in templates cannot be archived; only your team's own sessions."
          : "That is not one of your team's live sessions. See `/session list`.",
      );
    }
    this.deps.sessions.archive(guildId, templateId, coachId, this.deps.clock.now());
    return ok(s);
  }

  addExercise(guildId: string, coachId: string, input: TeamExerciseInput): Outcome<Exercise> {
    const built = buildTeamExercise(input, this.deps.exercises.list(guildId));
    if (!built.ok) return refuse(built.message);
    if (!this.deps.exercises.add(guildId, built.exercise, coachId, this.deps.clock.now())) {
      return refuse(`Your team already has an exercise called **${built.exercise.name}**.`);
    }
    return ok(built.exercise);
  }

  private sweep(): void {
    const now = this.deps.clock.now().getTime();
    for (const map of [this.drafts, this.texts] as Map<string, { expiresAt: number }>[]) {
      for (const [token, d] of map) if (d.expiresAt <= now) map.delete(token);
      while (map.size > MAX_DRAFTS) map.delete(map.keys().next().value!);
    }
  }
}

/** Every problem, line by line, for the coach to fix in one go. */
function problemsMessage(problems: readonly LineProblem[]): string {
  const lines = problems
    .slice(0, 12)
    .map((p) => (p.lineNumber > 0 ? `• Line ${p.lineNumber} (\`${p.line.slice(0, 60)}\`): ${p.message}` : `• ${p.message}`));
  if (problems.length > 12) lines.push(`…and ${problems.length - 12} more.`);
  return `I couldn't read the whole session; nothing was saved:\n${lines.join('\n')}`;
}
