-- The outbox: every message the bot owes, written in the same transaction as the change that
-- causes it, and sent by the dispatcher (src/outbox/dispatcher.ts) until delivered or expired.
--   pending   -> waiting for its turn (not_before); retried with backoff after transient failures
--   sending   -> claimed by `owner` until lease_until; a message may exist. A stale one is resent
--                only with the same nonce, while Discord still dedupes it (maybe_sent_at within
--                the nonce window); after that it becomes 'uncertain'
--   sent      -> Discord confirmed it (result_channel_id / result_message_id)
--   fallback  -> the athlete's DMs are closed: one ping without health data was queued instead
--   skipped   -> no longer owed when its turn came (session logged, athlete left, too late to matter)
--   expired   -> not delivered before expires_at (Discord kept failing): coaches are shown it
--   failed    -> Discord refused it for good (unknown channel, missing access, invalid body)
--   uncertain -> interrupted while sending, past the nonce window: not resent, coaches are shown it
CREATE TABLE outbox (
  id                INTEGER PRIMARY KEY,
  guild_id          TEXT NOT NULL,
  -- what it is, in the product's words: session, checkin_prompt, pain_flag, digest, ...
  purpose           TEXT NOT NULL,
  -- who it is for: an athlete's DM, the private staff channel, the fallback channel, the coaches
  target            TEXT NOT NULL CHECK (target IN ('athlete', 'staff', 'fallback', 'coaches')),
  -- the athlete it is for (target athlete) or about (a pain flag to staff): erasure and /status use it
  athlete_id        TEXT,
  -- At most one row per key: a scheduled notification's key, an interaction id, a check-in's flag.
  dedupe_key        TEXT UNIQUE,
  body              TEXT NOT NULL CHECK (json_valid(body)),
  assignment_id     INTEGER,
  status            TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'fallback', 'skipped', 'expired', 'failed', 'uncertain')),
  nonce             TEXT NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  owner             TEXT,
  lease_until       TEXT,
  not_before        TEXT NOT NULL,
  expires_at        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  first_attempt_at  TEXT,
  -- When the current (or last) attempt started.
  last_attempt_at   TEXT,
  -- The start of the earliest attempt that may have created the message (a 5xx, a timeout, a crash
  -- mid-send). Resending is safe only while Discord still dedupes the nonce from then; after
  -- that the message is recorded as uncertain instead of risking a second copy. A 429 or a
  -- refusal proves nothing was created, so it does not set this.
  maybe_sent_at     TEXT,
  finished_at       TEXT,
  -- Multi-part messages (the digest) resume after the last part Discord confirmed.
  parts_sent        INTEGER NOT NULL DEFAULT 0,
  result_channel_id TEXT,
  result_message_id TEXT,
  -- Why it was retried, skipped, expired, failed or is uncertain; never health data.
  detail            TEXT,
  CHECK (target <> 'athlete' OR athlete_id IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (not_before) WHERE status = 'pending';
CREATE INDEX outbox_leased ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_by_guild ON outbox (guild_id, created_at);
CREATE INDEX outbox_by_assignment ON outbox (assignment_id) WHERE assignment_id IS NOT NULL;

-- Interactions already handled: Discord may deliver one twice (a gateway replay), and an
-- interaction's id is its idempotency key. Old rows are pruned by the scheduler.
-- payload: what a confirmation button needs to redo the request (e.g. a duplicate /assign).
CREATE TABLE interactions_seen (
  interaction_id TEXT PRIMARY KEY,
  guild_id       TEXT,
  user_id        TEXT NOT NULL,
  what           TEXT NOT NULL,
  seen_at        TEXT NOT NULL,
  payload        TEXT CHECK (payload IS NULL OR json_valid(payload))
);
CREATE INDEX interactions_seen_at ON interactions_seen (seen_at);
