-- The DM reply's lookup of an athlete's unlogged sessions (any team, planned within a window):
-- without an index led by the athlete it walked every team's index and all of the athlete's
-- history (a skip-scan over guild_id once statistics exist), about 1 ms a reply with 50 teams.
-- Checked by test/storage/interactionPlans.test.ts.
CREATE INDEX assignments_by_athlete_start ON assignments (athlete_id, planned_start_at);
