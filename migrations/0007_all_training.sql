-- All the training (issue 13): other sessions, coach-logged team sessions, readiness answers and
-- Nordic reps. Every row carries guild_id and every query filters on it.

-- A team session (practice, match, conditioning) the coach logged for a group; each athlete in it
-- is asked for their RPE afterwards and gets an other_sessions row waiting for it.
CREATE TABLE team_sessions (
  id           INTEGER PRIMARY KEY,
  guild_id     TEXT NOT NULL REFERENCES teams (guild_id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type IN ('practice', 'match', 'conditioning', 'other')),
  session_date TEXT NOT NULL CHECK (session_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- When it ends (UTC): the RPE prompt goes out after it (Foster et al. 2001: about 30 minutes later).
  ends_at      TEXT NOT NULL,
  minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  group_name   TEXT COLLATE NOCASE,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX team_sessions_by_date ON team_sessions (guild_id, session_date);

-- Training the bot did not assign. Session-RPE load (Foster et al. 2001) counts all of it in the
-- daily load; it never counts as hard sets. rpe is NULL only for a team session not yet rated.
CREATE TABLE other_sessions (
  id              INTEGER PRIMARY KEY,
  guild_id        TEXT NOT NULL,
  athlete_id      TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('practice', 'match', 'conditioning', 'other')),
  session_date    TEXT NOT NULL CHECK (session_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  rpe             INTEGER CHECK (rpe BETWEEN 0 AND 10),
  minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  pain            INTEGER CHECK (pain BETWEEN 0 AND 10),
  load_au         INTEGER GENERATED ALWAYS AS (rpe * minutes) STORED,
  team_session_id INTEGER REFERENCES team_sessions (id) ON DELETE CASCADE,
  source          TEXT NOT NULL CHECK (source IN ('command', 'dm_reply', 'team_session')),
  logged_by       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  rated_at        TEXT,
  CHECK (team_session_id IS NOT NULL OR rpe IS NOT NULL),
  UNIQUE (team_session_id, athlete_id),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX other_sessions_by_athlete_date ON other_sessions (guild_id, athlete_id, session_date);
CREATE INDEX other_sessions_by_date ON other_sessions (guild_id, session_date);

-- The team's readiness check (Hooper & Mackinnon 1995; McLean et al. 2010). Off until a coach turns it on.
CREATE TABLE readiness_settings (
  guild_id  TEXT PRIMARY KEY REFERENCES teams (guild_id) ON DELETE CASCADE,
  enabled   INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  -- Total z-score below which staff are told (a convention, default -1.5).
  threshold REAL NOT NULL DEFAULT -1.5 CHECK (threshold < 0),
  -- Local HH:MM on training days; NULL = with the session reminder.
  ask_time  TEXT CHECK (ask_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  updated_at TEXT NOT NULL
);

-- One readiness answer per athlete per local day (answering again replaces it), 1-7, 7 = best.
CREATE TABLE readiness_answers (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  athlete_id    TEXT NOT NULL,
  answer_date   TEXT NOT NULL CHECK (answer_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  sleep         INTEGER NOT NULL CHECK (sleep BETWEEN 1 AND 7),
  fatigue       INTEGER NOT NULL CHECK (fatigue BETWEEN 1 AND 7),
  soreness      INTEGER NOT NULL CHECK (soreness BETWEEN 1 AND 7),
  stress        INTEGER NOT NULL CHECK (stress BETWEEN 1 AND 7),
  mood          INTEGER NOT NULL CHECK (mood BETWEEN 1 AND 7),
  assignment_id INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
  source        TEXT NOT NULL CHECK (source IN ('buttons', 'dm_reply', 'command')),
  answered_at   TEXT NOT NULL,
  UNIQUE (guild_id, athlete_id, answer_date),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);

-- Reps per set logged for a Nordic session (Petersen et al. 2011). reps_json NULL = "all done".
CREATE TABLE nordic_logs (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  athlete_id    TEXT NOT NULL,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  reps_json     TEXT CHECK (reps_json IS NULL OR json_valid(reps_json)),
  quality       TEXT CHECK (quality IN ('full_range', 'partial', 'band_assisted')),
  logged_at     TEXT NOT NULL,
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX nordic_logs_by_athlete ON nordic_logs (guild_id, athlete_id);
