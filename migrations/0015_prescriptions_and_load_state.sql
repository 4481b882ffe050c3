-- Issue 14: storage that does not grow with every copy, and a digest that does not re-read years.

-- 1. Each distinct prescription is stored once per team (content-addressed by its canonical JSON,
--    the text the code writes: JSON.stringify of the validated prescription) and validated once,
--    when written. Assignments name it by id; they used to carry their own copy (about 2.9 KB each).
--    Per team, not global: a team's own sessions name its own exercises, and deleting a team
--    (guild_id) deletes its prescriptions with it. Prescriptions hold no personal data, so erasure
--    leaves them. AUTOINCREMENT: an id is never reused, so a cache keyed by id stays right.
CREATE TABLE prescriptions (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  guild_id   TEXT NOT NULL,
  json       TEXT NOT NULL CHECK (json_valid(json)),
  -- 'deload' or 'regressed' (or NULL), read by the tick's deload lookups without parsing the JSON.
  adjustment TEXT GENERATED ALWAYS AS (json_extract(json, '$.adjustment')) STORED,
  UNIQUE (guild_id, json)
);

INSERT OR IGNORE INTO prescriptions (guild_id, json)
  SELECT DISTINCT guild_id, prescription_json FROM assignments;

ALTER TABLE assignments ADD COLUMN prescription_id INTEGER REFERENCES prescriptions (id);
-- One indexed lookup per row (UNIQUE (guild_id, json)), in this one transaction.
UPDATE assignments SET prescription_id = (
  SELECT p.id FROM prescriptions p WHERE p.guild_id = assignments.guild_id AND p.json = assignments.prescription_json
);

-- The copy goes. `adjustment` (0011) was computed from it; it becomes a plain column that the
-- triggers below keep equal to its prescription's, so the tick's index (same name) still serves.
DROP INDEX assignments_by_adjustment;
ALTER TABLE assignments DROP COLUMN adjustment;
ALTER TABLE assignments DROP COLUMN prescription_json;
ALTER TABLE assignments ADD COLUMN adjustment TEXT;
UPDATE assignments SET adjustment = (SELECT p.adjustment FROM prescriptions p WHERE p.id = assignments.prescription_id)
  WHERE prescription_id IN (SELECT id FROM prescriptions WHERE adjustment IS NOT NULL);
CREATE INDEX assignments_by_adjustment ON assignments (adjustment, session_date) WHERE adjustment IS NOT NULL;

-- Every assignment has a prescription (ADD COLUMN cannot say NOT NULL without a default).
CREATE TRIGGER assignments_need_prescription BEFORE INSERT ON assignments WHEN NEW.prescription_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'assignments.prescription_id is required');
END;
CREATE TRIGGER assignments_adjustment_on_insert AFTER INSERT ON assignments
  WHEN (SELECT adjustment FROM prescriptions WHERE id = NEW.prescription_id) IS NOT NULL
BEGIN
  UPDATE assignments SET adjustment = (SELECT adjustment FROM prescriptions WHERE id = NEW.prescription_id) WHERE id = NEW.id;
END;
CREATE TRIGGER assignments_adjustment_on_change AFTER UPDATE OF prescription_id ON assignments
BEGIN
  UPDATE assignments SET adjustment = (SELECT adjustment FROM prescriptions WHERE id = NEW.prescription_id) WHERE id = NEW.id;
END;
-- Reading by prescription (the deload lookups join through it).
CREATE INDEX assignments_by_prescription ON assignments (prescription_id);

-- 2. Each athlete's EWMA load state (Williams et al. 2017; src/domain/load.ts) on one day,
--    `through_date`, of the daily series that starts on `start_date` (the first logged day), so the
--    digest continues from it instead of re-reading the whole history. A cache of a pure function
--    of the rows: any change to a day on or before through_date deletes it (triggers below, so no
--    code path can forget), and the digest rebuilds it. Derived from health data: it carries
--    athlete_id, so erasure deletes it, and it goes with the athlete.
CREATE TABLE ewma_states (
  guild_id     TEXT NOT NULL,
  athlete_id   TEXT NOT NULL,
  start_date   TEXT NOT NULL,
  through_date TEXT NOT NULL,
  acute        REAL NOT NULL,
  chronic      REAL NOT NULL,
  PRIMARY KEY (guild_id, athlete_id),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);

-- Check-ins: logged, corrected or deleted (also by a cascade, when the session row is already
-- gone: then every state of the athlete goes).
CREATE TRIGGER ewma_states_checkin_insert AFTER INSERT ON checkins
BEGIN
  DELETE FROM ewma_states WHERE guild_id = NEW.guild_id AND athlete_id = NEW.athlete_id
    AND through_date >= COALESCE((SELECT session_date FROM assignments WHERE id = NEW.assignment_id), '0000-00-00');
END;
CREATE TRIGGER ewma_states_checkin_update AFTER UPDATE ON checkins
BEGIN
  DELETE FROM ewma_states WHERE guild_id = OLD.guild_id AND athlete_id = OLD.athlete_id
    AND through_date >= COALESCE((SELECT session_date FROM assignments WHERE id = OLD.assignment_id), '0000-00-00');
  DELETE FROM ewma_states WHERE guild_id = NEW.guild_id AND athlete_id = NEW.athlete_id
    AND through_date >= COALESCE((SELECT session_date FROM assignments WHERE id = NEW.assignment_id), '0000-00-00');
END;
CREATE TRIGGER ewma_states_checkin_delete AFTER DELETE ON checkins
BEGIN
  DELETE FROM ewma_states WHERE guild_id = OLD.guild_id AND athlete_id = OLD.athlete_id
    AND through_date >= COALESCE((SELECT session_date FROM assignments WHERE id = OLD.assignment_id), '0000-00-00');
END;
-- A session moved to another day. (A session deleted takes its check-in with it: the check-in
-- trigger above sees the session gone and deletes the athlete's state.)
CREATE TRIGGER ewma_states_assignment_moved AFTER UPDATE OF session_date ON assignments WHEN OLD.session_date <> NEW.session_date
BEGIN
  DELETE FROM ewma_states WHERE guild_id = NEW.guild_id AND athlete_id = NEW.athlete_id
    AND through_date >= min(OLD.session_date, NEW.session_date);
END;
-- Other training (issue 13) is in the same daily series.
CREATE TRIGGER ewma_states_other_insert AFTER INSERT ON other_sessions
BEGIN
  DELETE FROM ewma_states WHERE guild_id = NEW.guild_id AND athlete_id = NEW.athlete_id AND through_date >= NEW.session_date;
END;
CREATE TRIGGER ewma_states_other_update AFTER UPDATE ON other_sessions
BEGIN
  DELETE FROM ewma_states WHERE guild_id = OLD.guild_id AND athlete_id = OLD.athlete_id AND through_date >= OLD.session_date;
  DELETE FROM ewma_states WHERE guild_id = NEW.guild_id AND athlete_id = NEW.athlete_id AND through_date >= NEW.session_date;
END;
CREATE TRIGGER ewma_states_other_delete AFTER DELETE ON other_sessions
BEGIN
  DELETE FROM ewma_states WHERE guild_id = OLD.guild_id AND athlete_id = OLD.athlete_id AND through_date >= OLD.session_date;
END;

-- The first logged session of each athlete, and their first rated other session, read by index
-- from the start of their history (the digest's 'not enough history' rule and EWMA start).
CREATE INDEX other_sessions_rated_by_athlete ON other_sessions (guild_id, athlete_id, session_date) WHERE rpe IS NOT NULL;

-- The digest's other reads of a window, bounded by date rather than by the team's whole history
-- (test/storage/digestPlans.test.ts): excusals that end on or after the window's first day, and
-- the window's readiness answers.
CREATE INDEX excusals_by_team_end ON excusals (guild_id, to_date);
CREATE INDEX readiness_answers_by_date ON readiness_answers (guild_id, answer_date);
