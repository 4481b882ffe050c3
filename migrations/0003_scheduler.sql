-- Scheduler: the sent log of notifications, excusals, pain follow-ups and reversible session adjustments.

-- One row per notification key (kind, guild, subject, slot). The UNIQUE key on NOT NULL columns
-- is what makes a notification go out once: a process claims it with INSERT ... ON CONFLICT DO NOTHING.
--   claimed   -> claimed by `owner`, nothing sent yet (a stale claim is safe to take over)
--   sending   -> a message may exist; a stale one is retried only with the same Discord nonce,
--                while Discord still dedupes it (first_send_at within the nonce window)
--   sent | fallback (DMs closed: pinged in the fallback channel) | skipped | failed
--   uncertain -> a send was interrupted and the nonce window has passed: never retried
CREATE TABLE notifications (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  guild_id      TEXT NOT NULL,
  subject       TEXT NOT NULL,
  slot          TEXT NOT NULL,
  due_at        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'sent', 'fallback', 'skipped', 'failed', 'uncertain')),
  owner         TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  claimed_at    TEXT,
  lease_until   TEXT,
  first_send_at TEXT,
  finished_at   TEXT,
  detail        TEXT,
  UNIQUE (kind, guild_id, subject, slot)
);
CREATE INDEX notifications_by_kind_due ON notifications (kind, due_at);
CREATE INDEX notifications_open ON notifications (kind, lease_until) WHERE status IN ('claimed', 'sending');

-- Shared runner state, e.g. the last completed tick, so a restart knows how long it was down.
CREATE TABLE scheduler_state (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Illness or injury: no prompts, no reminders, no compliance penalty from from_date to to_date (team-local, inclusive).
CREATE TABLE excusals (
  id         INTEGER PRIMARY KEY,
  guild_id   TEXT NOT NULL,
  athlete_id TEXT NOT NULL,
  from_date  TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  to_date    TEXT NOT NULL CHECK (to_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- NULL when the coach gave no reason.
  reason     TEXT CHECK (reason IN ('illness', 'injury')),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (from_date <= to_date),
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX excusals_by_athlete ON excusals (guild_id, athlete_id, from_date);

-- "Has it settled?" the morning after a session logged with pain above the team's limit.
CREATE TABLE pain_followups (
  id                    INTEGER PRIMARY KEY,
  guild_id              TEXT NOT NULL,
  athlete_id            TEXT NOT NULL,
  assignment_id         INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  pain                  INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
  asked_at              TEXT NOT NULL,
  answer                TEXT CHECK (answer IN ('settled', 'not_settled')),
  answered_at           TEXT,
  early_deload_noted_at TEXT,
  FOREIGN KEY (guild_id, athlete_id) REFERENCES athletes (guild_id, user_id) ON DELETE CASCADE
);

-- A session regressed after pain, with its original prescription so staff can undo it.
CREATE TABLE session_adjustments (
  id                     INTEGER PRIMARY KEY,
  guild_id               TEXT NOT NULL,
  athlete_id             TEXT NOT NULL,
  assignment_id          INTEGER NOT NULL UNIQUE REFERENCES assignments (id) ON DELETE CASCADE,
  source_assignment_id   INTEGER REFERENCES assignments (id) ON DELETE SET NULL,
  reason                 TEXT NOT NULL CHECK (reason IN ('not_settled', 'pain_twice')),
  original_prescription_json TEXT NOT NULL,
  created_at             TEXT NOT NULL,
  staff_notified_at      TEXT,
  undone_at              TEXT,
  undone_by              TEXT
);
CREATE INDEX session_adjustments_by_athlete ON session_adjustments (guild_id, athlete_id);

-- Every tick looks up sessions by date across all teams (the core index starts with guild_id).
CREATE INDEX assignments_by_session_date ON assignments (session_date);
