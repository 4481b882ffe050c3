-- Issue 14: an index for every predicate a scheduler tick uses, so a tick's cost follows what is
-- due, not the years of history or the size of the fleet.

-- Excusals overlapping a window of dates, every team at once (the tick's excusal lookup).
CREATE INDEX excusals_by_date ON excusals (to_date, from_date);

-- Deload weeks: which sessions are a deload, and which adjusted sessions were one before they
-- were regressed, without parsing every prescription's JSON on each tick. Virtual columns cost
-- nothing to store; their indexes hold the value, computed once when a row is written.
ALTER TABLE assignments ADD COLUMN adjustment TEXT GENERATED ALWAYS AS (json_extract(prescription_json, '$.adjustment')) VIRTUAL;
CREATE INDEX assignments_by_adjustment ON assignments (adjustment, session_date) WHERE adjustment IS NOT NULL;
ALTER TABLE session_adjustments ADD COLUMN original_adjustment TEXT GENERATED ALWAYS AS (json_extract(original_prescription_json, '$.adjustment')) VIRTUAL;
CREATE INDEX session_adjustments_open_by_original ON session_adjustments (original_adjustment, assignment_id) WHERE undone_at IS NULL;

-- A program's last training day before a date (the deload heads-up), for many programs at once.
CREATE INDEX assignments_by_program_date ON assignments (program_id, session_date);
