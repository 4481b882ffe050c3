-- Multi-week programs. A program started for a group creates one row per athlete,
-- so it can be followed, reported and stopped athlete by athlete.
CREATE TABLE programs (
  id           INTEGER PRIMARY KEY,
  guild_id     TEXT NOT NULL,
  athlete_id   TEXT NOT NULL,
  -- Which plan: see src/domain/programs.ts.
  program_key  TEXT NOT NULL,
  start_date   TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- ISO weekdays (1 = Monday), comma-separated, e.g. '1,4'.
  training_days TEXT NOT NULL,
  mobility_day INTEGER CHECK (mobility_day BETWEEN 1 AND 7),
  started_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  stopped_at   TEXT,
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX programs_by_athlete ON programs (guild_id, athlete_id);

-- A program's sessions are ordinary assignments that know their program and week.
ALTER TABLE assignments ADD COLUMN program_id INTEGER REFERENCES programs (id) ON DELETE SET NULL;
ALTER TABLE assignments ADD COLUMN program_week INTEGER;
CREATE INDEX assignments_by_program ON assignments (program_id, program_week);
