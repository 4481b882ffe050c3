-- Issue 8: the pain model as published and a status that means "on plan".

-- Pain above the limit now regresses the next session on its own (Silbernagel et al. 2007),
-- so an adjustment can have the reason 'over_limit'. SQLite cannot change a CHECK in place:
-- the table is rebuilt with the same columns and rows ('pain_twice' stays for old rows).
CREATE TABLE session_adjustments_new (
  id                     INTEGER PRIMARY KEY,
  guild_id               TEXT NOT NULL,
  athlete_id             TEXT NOT NULL,
  assignment_id          INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  source_assignment_id   INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
  reason                 TEXT NOT NULL CHECK (reason IN ('not_settled', 'pain_twice', 'over_limit')),
  original_prescription_json TEXT NOT NULL,
  created_at             TEXT NOT NULL,
  staff_notified_at      TEXT,
  undone_at              TEXT,
  undone_by              TEXT
);
INSERT INTO session_adjustments_new SELECT * FROM session_adjustments;
DROP TABLE session_adjustments;
ALTER TABLE session_adjustments_new RENAME TO session_adjustments;
CREATE INDEX session_adjustments_by_athlete ON session_adjustments (guild_id, athlete_id);

-- A team that programs all its posterior-chain work through Backline can ask to be held to
-- the weekly hard-set band (seed 002's 10-20); by default the band is shown as context only,
-- because it covers ALL of a muscle's weekly training, not only Backline's sessions.
ALTER TABLE teams ADD COLUMN hold_to_hard_set_band INTEGER NOT NULL DEFAULT 0 CHECK (hold_to_hard_set_band IN (0, 1));
