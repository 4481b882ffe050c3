-- A program can run one session (a built-in template or the team's own) on chosen days for a
-- number of weeks, with an optional deload rule. Such a program has program_key 'session' and
-- keeps its plan here: the session's prescription as it was when the program started, the weeks
-- and the deload rule, as JSON validated by sessionProgramSchema (src/domain/programs.ts).
-- NULL for the fixed programs, whose plan is in the code.
ALTER TABLE programs ADD COLUMN plan_json TEXT CHECK (plan_json IS NULL OR json_valid(plan_json));
