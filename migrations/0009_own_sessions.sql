-- Coaches program their own way: team sessions and exercises, per-athlete swaps, assignments
-- that can be cancelled or moved, excusals ended early, and check-ins deleted when logged in error.

-- A team's own session template ("team session" in issue 12; not issue 13's coach-logged
-- team_sessions of 0007, which are practices and matches), written on the whiteboard and validated by the library's schema
-- (src/domain/whiteboard.ts). Archived sessions keep their id: old assignments name it.
CREATE TABLE own_sessions (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL REFERENCES teams (guild_id) ON DELETE CASCADE,
  -- 'team-...': no built-in template id starts so.
  template_id   TEXT NOT NULL CHECK (template_id GLOB 'team-*'),
  name          TEXT NOT NULL,
  -- The lines as the coach wrote them, so /session edit opens with them.
  whiteboard    TEXT NOT NULL,
  template_json TEXT NOT NULL CHECK (json_valid(template_json)),
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  archived_at   TEXT,
  archived_by   TEXT,
  UNIQUE (guild_id, template_id)
);
-- Two live sessions of one team never share a name ("Lower A" and "lower a" are one).
CREATE UNIQUE INDEX own_sessions_live_name ON own_sessions (guild_id, name COLLATE NOCASE) WHERE archived_at IS NULL;

-- A team's own exercise. Never replaces a built-in one: its id starts 'team-' and its name is
-- checked against the library before it is saved.
CREATE TABLE team_exercises (
  guild_id      TEXT NOT NULL REFERENCES teams (guild_id) ON DELETE CASCADE,
  exercise_id   TEXT NOT NULL CHECK (exercise_id GLOB 'team-*'),
  name          TEXT NOT NULL COLLATE NOCASE,
  exercise_json TEXT NOT NULL CHECK (json_valid(exercise_json)),
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (guild_id, exercise_id),
  UNIQUE (guild_id, name)
);

-- The athletes who got one /assign share its batch (the id of its first row), so a coach can
-- cancel, move or note it for everyone at once. NULL for rows made before this migration.
ALTER TABLE assignments ADD COLUMN batch_id INTEGER;
-- A cancelled session stays (its DM card is edited to say so) but leaves compliance, reminders and /pending.
ALTER TABLE assignments ADD COLUMN cancelled_at TEXT;
ALTER TABLE assignments ADD COLUMN cancelled_by TEXT;
-- The date it was first planned for, once moved.
ALTER TABLE assignments ADD COLUMN moved_from_date TEXT CHECK (moved_from_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
CREATE INDEX assignments_by_batch ON assignments (guild_id, batch_id) WHERE batch_id IS NOT NULL;

-- One exercise swapped for one athlete's session ("Ben: ball curl instead of Nordic").
-- The prescription snapshot is rewritten too; this row says what was swapped, by whom.
CREATE TABLE assignment_swaps (
  id               INTEGER PRIMARY KEY,
  guild_id         TEXT NOT NULL,
  assignment_id    INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
  athlete_id       TEXT NOT NULL,
  from_exercise_id TEXT NOT NULL,
  to_exercise_id   TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  UNIQUE (assignment_id, from_exercise_id)
);

-- An excusal ended early keeps who ended it; a removed one is deleted.
ALTER TABLE excusals ADD COLUMN ended_at TEXT;
ALTER TABLE excusals ADD COLUMN ended_by TEXT;

-- A check-in deleted because it was logged in error: who deleted it and when. No health data kept.
CREATE TABLE checkin_deletions (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
  athlete_id    TEXT NOT NULL,
  deleted_by    TEXT NOT NULL,
  deleted_at    TEXT NOT NULL
);
CREATE INDEX checkin_deletions_by_assignment ON checkin_deletions (guild_id, assignment_id);

-- Group names are compared without case (NOCASE, 0001) or surrounding spaces: trim the stored ones.
UPDATE OR IGNORE athlete_groups SET group_name = trim(group_name) WHERE group_name <> trim(group_name);
DELETE FROM athlete_groups WHERE group_name <> trim(group_name);
