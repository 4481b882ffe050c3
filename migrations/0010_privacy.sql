-- Athletes' data is theirs: consent, an audit log of coach actions, retention and the bot leaving a server.
-- Erasure (src/services/privacy.ts) finds the rows about an athlete by column name, from the schema itself:
--   subject columns (rows ABOUT a person, deleted on erasure): athlete_id, user_id, subject
--   actor columns (WHO did something: staff): names ending in _by, and actor_id
-- A new table holding a Discord user id must use one of these names (test/storage/erasure.test.ts fails otherwise).

-- One answer per athlete per team; no row means not asked or not answered yet (nothing reported is stored).
CREATE TABLE consents (
  guild_id   TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('given', 'declined', 'withdrawn')),
  changed_at TEXT NOT NULL,
  -- When consent was (last) given; kept on withdrawal so the athlete can see what was covered.
  given_at   TEXT,
  PRIMARY KEY (guild_id, athlete_id)
);

-- What coaches did, for coaches to read with /audit. `detail` is never health data.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  guild_id   TEXT NOT NULL,
  -- NULL when athletes act on their own data (consent, erasure): their id would outlive the erasure.
  actor_id   TEXT,
  action     TEXT NOT NULL CHECK (action IN ('assign', 'cancel', 'program_start', 'program_stop', 'excuse', 'settings', 'erase', 'consent')),
  -- The athlete the action was about, if any (NULL for erasures: the record of an erasure names nobody).
  athlete_id TEXT,
  detail     TEXT,
  at         TEXT NOT NULL
);
CREATE INDEX audit_log_by_guild ON audit_log (guild_id, at);
CREATE INDEX audit_log_by_athlete ON audit_log (guild_id, athlete_id, at);

-- Check-ins, free text, finished messages and audit entries older than this many months are deleted.
ALTER TABLE teams ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24 CHECK (retention_months BETWEEN 1 AND 120);
-- Set when the bot is removed from the server (GUILD_DELETE): nothing more is sent for the team,
-- and its data is deleted 30 days later unless the bot is added back (which clears it).
ALTER TABLE teams ADD COLUMN left_at TEXT;

-- Coach actions whose row names the coach are audited by triggers, in the same transaction as
-- the action whatever code path makes it. Program stops, settings and erasures are recorded by
-- the services (src/services/privacy.ts recordCoachAction). Details never carry health data.
CREATE TRIGGER audit_assign AFTER INSERT ON assignments WHEN NEW.program_id IS NULL
BEGIN
  INSERT INTO audit_log (guild_id, actor_id, action, athlete_id, detail, at)
  VALUES (NEW.guild_id, NEW.assigned_by, 'assign', NEW.athlete_id, NEW.title || ' on ' || NEW.session_date, NEW.created_at);
END;

CREATE TRIGGER audit_program_start AFTER INSERT ON programs
BEGIN
  INSERT INTO audit_log (guild_id, actor_id, action, athlete_id, detail, at)
  VALUES (NEW.guild_id, NEW.started_by, 'program_start', NEW.athlete_id, NEW.program_key || ' from ' || NEW.start_date, NEW.created_at);
END;

CREATE TRIGGER audit_excuse AFTER INSERT ON excusals
BEGIN
  INSERT INTO audit_log (guild_id, actor_id, action, athlete_id, detail, at)
  VALUES (NEW.guild_id, NEW.created_by, 'excuse', NEW.athlete_id, NEW.from_date || ' to ' || NEW.to_date, NEW.created_at);
END;
