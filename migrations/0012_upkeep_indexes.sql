-- Indexes for the hourly privacy upkeep (retention and post-leave deletion), so its deletes and
-- the foreign-key actions they trigger read by index instead of scanning tables that grow with the
-- fleet (checked by test/storage/schedulerPlans.test.ts).
CREATE INDEX pain_followups_by_asked ON pain_followups (guild_id, asked_at);
CREATE INDEX pain_followups_by_athlete ON pain_followups (guild_id, athlete_id);
CREATE INDEX session_adjustments_by_source ON session_adjustments (source_assignment_id);
CREATE INDEX programs_stopped ON programs (guild_id, stopped_at) WHERE stopped_at IS NOT NULL;
CREATE INDEX athletes_removed ON athletes (guild_id, removed_at) WHERE removed_at IS NOT NULL;
