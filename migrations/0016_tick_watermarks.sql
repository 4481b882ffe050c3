-- Issue 14: a quiet scheduler tick must not re-read every team's sessions each minute. After a tick
-- has looked at a team, it stores the earliest instant anything new can fall due for it
-- (not_before: the team's next reminder, readiness, digest or check-in prompt instant, a session
-- still settling). Until then the tick skips the team, unless something changed: every write to a
-- table the scheduler's due() reads clears the team's not_before and counts a change, here, in the
-- writer's own transaction, so no code path can forget to. The tick stores a new not_before only if
-- the change count is still the one it read before reading the team's data (a write in between wins).
CREATE TABLE scheduler_watermarks (
  guild_id     TEXT PRIMARY KEY,
  -- NULL: something changed, look at the team at the next tick.
  not_before   TEXT,
  -- When the tick that stored not_before ran (a clock set back before it makes the team due again).
  evaluated_at TEXT,
  changes      INTEGER NOT NULL DEFAULT 0
);

-- The tick's settled-keys read for a few teams at a time, from its grace window on.
CREATE INDEX notifications_by_team_due ON notifications (kind, guild_id, due_at);
-- Team sessions whose RPE nudge may fall due, per team.
CREATE INDEX team_sessions_by_end ON team_sessions (guild_id, ends_at);

-- One trigger per table and kind of write. Teams: settings (zone, reminder and digest times, pain limit), leaving.
CREATE TRIGGER teams_wake_tick AFTER UPDATE ON teams BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER teams_gone_tick AFTER DELETE ON teams BEGIN
  DELETE FROM scheduler_watermarks WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER athletes_ins_wake_tick AFTER INSERT ON athletes BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER athletes_upd_wake_tick AFTER UPDATE ON athletes BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER athletes_del_wake_tick AFTER DELETE ON athletes BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER assignments_ins_wake_tick AFTER INSERT ON assignments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER assignments_upd_wake_tick AFTER UPDATE ON assignments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER assignments_del_wake_tick AFTER DELETE ON assignments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER checkins_ins_wake_tick AFTER INSERT ON checkins BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER checkins_upd_wake_tick AFTER UPDATE ON checkins BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER checkins_del_wake_tick AFTER DELETE ON checkins BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER excusals_ins_wake_tick AFTER INSERT ON excusals BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER excusals_upd_wake_tick AFTER UPDATE ON excusals BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER excusals_del_wake_tick AFTER DELETE ON excusals BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER programs_ins_wake_tick AFTER INSERT ON programs BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER programs_upd_wake_tick AFTER UPDATE ON programs BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER programs_del_wake_tick AFTER DELETE ON programs BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER session_adjustments_ins_wake_tick AFTER INSERT ON session_adjustments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER session_adjustments_upd_wake_tick AFTER UPDATE ON session_adjustments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER session_adjustments_del_wake_tick AFTER DELETE ON session_adjustments BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER readiness_settings_ins_wake_tick AFTER INSERT ON readiness_settings BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER readiness_settings_upd_wake_tick AFTER UPDATE ON readiness_settings BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER readiness_settings_del_wake_tick AFTER DELETE ON readiness_settings BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER team_sessions_ins_wake_tick AFTER INSERT ON team_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER team_sessions_upd_wake_tick AFTER UPDATE ON team_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER team_sessions_del_wake_tick AFTER DELETE ON team_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

CREATE TRIGGER other_sessions_ins_wake_tick AFTER INSERT ON other_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = NEW.guild_id;
END;
CREATE TRIGGER other_sessions_upd_wake_tick AFTER UPDATE ON other_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id IN (OLD.guild_id, NEW.guild_id);
END;
CREATE TRIGGER other_sessions_del_wake_tick AFTER DELETE ON other_sessions BEGIN
  UPDATE scheduler_watermarks SET not_before = NULL, changes = changes + 1 WHERE guild_id = OLD.guild_id;
END;

-- The hourly privacy upkeep runs in the tick: its retention deletes read by index, and deleting an
-- old session finds what points at it by index (the foreign keys' actions), not by a scan.
CREATE INDEX assignments_by_start ON assignments (guild_id, planned_start_at);
CREATE INDEX notifications_by_guild_due ON notifications (guild_id, due_at);
CREATE INDEX readiness_answers_by_assignment ON readiness_answers (assignment_id);
CREATE INDEX checkin_drafts_by_assignment ON checkin_drafts (assignment_id);

-- A few teams' deload sessions at a time (the tick's chunks), without reading the fleet's.
CREATE INDEX assignments_by_team_adjustment ON assignments (guild_id, adjustment, session_date) WHERE adjustment IS NOT NULL;
