-- Check-ins understood the first time (issue 9).
--  * Pain areas a coach recognises, each with an optional side. The five older area values are
--    all still allowed, so rows written before stay readable. SQLite can't change a CHECK, so the
--    table is rebuilt with the same columns plus pain_side.
--  * Drafts: what an athlete's DM conversation knows so far about one session, until every value
--    is known (then the check-in is stored and the draft deleted) or the draft expires unstored.

CREATE TABLE checkins_new (
  id            INTEGER PRIMARY KEY,
  guild_id      TEXT NOT NULL,
  assignment_id INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  athlete_id    TEXT NOT NULL,
  outcome       TEXT NOT NULL CHECK (outcome IN ('completed', 'missed')),
  rpe           INTEGER CHECK (rpe BETWEEN 0 AND 10),
  minutes       INTEGER CHECK (minutes BETWEEN 1 AND 600),
  pain          INTEGER CHECK (pain BETWEEN 0 AND 10),
  pain_area     TEXT CHECK (pain_area IN ('hamstring', 'glute', 'lower_back', 'hip', 'groin', 'knee', 'calf', 'achilles_ankle', 'other')),
  pain_side     TEXT CHECK (pain_side IN ('left', 'right', 'both')),
  note          TEXT,
  missed_reason TEXT,
  -- Session-RPE load (Foster et al. 2001): CR-10 rating x minutes, in AU.
  load_au       INTEGER GENERATED ALWAYS AS (rpe * minutes) STORED,
  source        TEXT NOT NULL CHECK (source IN ('modal', 'dm_reply', 'command')),
  logged_at     TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  CHECK (
    (outcome = 'completed' AND rpe IS NOT NULL AND minutes IS NOT NULL AND pain IS NOT NULL)
    OR (outcome = 'missed' AND rpe IS NULL AND minutes IS NULL AND pain IS NULL AND pain_area IS NULL AND pain_side IS NULL)
  ),
  CHECK (pain_side IS NULL OR pain_area IS NOT NULL),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
INSERT INTO checkins_new (id, guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, note, missed_reason, source, logged_at, updated_at)
  SELECT id, guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, note, missed_reason, source, logged_at, updated_at FROM checkins;
DROP TABLE checkins;
ALTER TABLE checkins_new RENAME TO checkins;
CREATE INDEX checkins_by_athlete ON checkins (guild_id, athlete_id, logged_at);

-- One conversation per athlete at a time: a new one replaces the old.
CREATE TABLE checkin_drafts (
  guild_id      TEXT NOT NULL,
  athlete_id    TEXT NOT NULL,
  assignment_id INTEGER NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
  -- What is known so far (values, area, note, the pending question): health data, never logged.
  draft_json    TEXT NOT NULL CHECK (json_valid(draft_json)),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  -- 12 hours after the last message: after that nothing from it is ever stored.
  expires_at    TEXT NOT NULL,
  PRIMARY KEY (athlete_id),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX checkin_drafts_by_expiry ON checkin_drafts (expires_at);

-- How coaches on this team write numeric dates: 26/11 (day first) or 11/26 (month first).
ALTER TABLE teams ADD COLUMN date_order TEXT NOT NULL DEFAULT 'day_first' CHECK (date_order IN ('day_first', 'month_first'));
