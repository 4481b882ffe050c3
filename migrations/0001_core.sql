-- Core: teams (one per Discord server), the squad, assignments and check-ins.
-- Instants are stored as UTC ISO-8601 strings; local dates (YYYY-MM-DD) are in the team's time zone.
-- Every row carries guild_id and every query filters on it.

CREATE TABLE teams (
  guild_id            TEXT PRIMARY KEY,
  time_zone           TEXT NOT NULL,
  coach_role_id       TEXT NOT NULL,
  staff_channel_id    TEXT NOT NULL,
  fallback_channel_id TEXT,
  -- Local times (HH:MM) in the team's zone.
  reminder_time       TEXT NOT NULL DEFAULT '08:00' CHECK (reminder_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  session_time        TEXT NOT NULL DEFAULT '17:00' CHECK (session_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  digest_weekday      INTEGER NOT NULL DEFAULT 1 CHECK (digest_weekday BETWEEN 1 AND 7), -- ISO: 1 = Monday
  digest_time         TEXT NOT NULL DEFAULT '08:00' CHECK (digest_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  -- Pain-monitoring model limit (Silbernagel 2007): above this, regress and tell staff.
  pain_limit          INTEGER NOT NULL DEFAULT 5 CHECK (pain_limit BETWEEN 1 AND 9),
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);

CREATE TABLE athletes (
  guild_id     TEXT NOT NULL REFERENCES teams (guild_id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL,
  display_name TEXT NOT NULL,
  added_at     TEXT NOT NULL,
  -- Removing someone from the squad keeps their history for the digest and export.
  removed_at   TEXT,
  PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE athlete_groups (
  guild_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  group_name TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (guild_id, user_id, group_name),
  FOREIGN KEY (guild_id, user_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX athlete_groups_by_group ON athlete_groups (guild_id, group_name);

CREATE TABLE assignments (
  id                INTEGER PRIMARY KEY,
  guild_id          TEXT NOT NULL,
  athlete_id        TEXT NOT NULL,
  template_id       TEXT NOT NULL,
  title             TEXT NOT NULL,
  session_date      TEXT NOT NULL CHECK (session_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  planned_start_at  TEXT NOT NULL,
  planned_minutes   INTEGER NOT NULL CHECK (planned_minutes BETWEEN 1 AND 600),
  prescription_json TEXT NOT NULL,
  note              TEXT,
  assigned_by       TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  -- How the athlete was told: 'dm', 'fallback' (mention in the fallback channel), or NULL (not yet).
  delivered_via     TEXT CHECK (delivered_via IN ('dm', 'fallback')),
  delivered_at      TEXT,
  dm_channel_id     TEXT,
  dm_message_id     TEXT,
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX assignments_by_athlete_date ON assignments (guild_id, athlete_id, session_date);
CREATE INDEX assignments_by_date ON assignments (guild_id, session_date);

-- One check-in per assignment: logging again updates it.
CREATE TABLE checkins (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  athlete_id    TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('completed', 'missed')),
  rpe           INTEGER CHECK (rpe BETWEEN 0 AND 10),
  minutes       INTEGER CHECK (minutes BETWEEN 1 AND 600),
  pain          INTEGER CHECK (pain BETWEEN 0 AND 10),
  pain_area     TEXT CHECK (pain_area IN ('hamstring', 'lower_back', 'glute', 'knee', 'other')),
  note          TEXT,
  missed_reason TEXT,
  -- Session-RPE load (Foster et al. 2001): CR-10 rating x minutes, in AU.
  load_au       INTEGER GENERATED ALWAYS AS (rpe * minutes) STORED,
  source        TEXT NOT NULL CHECK (source IN ('modal', 'dm_reply', 'command')),
  logged_at     TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (
    (outcome = 'completed' AND rpe IS NOT NULL AND minutes IS NOT NULL AND pain IS NOT NULL)
    OR (outcome = 'missed' AND rpe IS NULL AND minutes IS NULL AND pain IS NULL AND pain_area IS NULL)
  ),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX checkins_by_athlete ON checkins (guild_id, athlete_id, logged_at);
