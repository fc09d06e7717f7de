-- Golden Hour case database, version 5: accounts, sessions and per-case roles of a team server.
-- The single-user app never fills these tables; they exist on both backends so the one set of
-- repositories (and its contract suite) serves both.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  -- scrypt$N$r$p$salt$hash (base64url): the password itself is never stored.
  password_hash TEXT NOT NULL,
  admin         INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
  created_at    TEXT NOT NULL,
  -- Wrong passwords since the last right one; the next attempt waits until retry_after, and
  -- locked_until refuses every attempt (right or wrong) until it passes.
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  retry_after   TEXT,
  locked_until  TEXT
) STRICT;

-- Only the SHA-256 of a session token is kept: a copy of the database signs no one in.
CREATE TABLE sessions (
  token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE case_members (
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  role       TEXT NOT NULL CHECK (role IN ('lead', 'investigator', 'reviewer')),
  granted_by TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (case_id, user_id)
) STRICT;

CREATE INDEX case_members_user ON case_members(user_id, case_id);
