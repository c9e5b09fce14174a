-- Answers to POSTs sent with an Idempotency-Key, kept 24 hours for replay. A row with a NULL
-- status is a claim: its request is still running (or its instance died, see kAbandonedClaim).
CREATE TABLE idempotency_keys (
  key          TEXT PRIMARY KEY,   -- "<METHOD> <path> <client's key>"
  fingerprint  TEXT NOT NULL,      -- digest of the request the key was first used for
  status       INTEGER,
  content_type TEXT,
  location     TEXT,
  body         BLOB,
  created_ms   INTEGER NOT NULL    -- Unix time in milliseconds
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms);
