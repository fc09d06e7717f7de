-- Golden Hour case database, version 8: capture workers of a team server and their jobs.
-- A team server hands each queued URL to one worker at a time under a lease; a worker that
-- stops renewing it (killed, cut off) loses the job to the next worker. The single-user app
-- never fills these tables; they exist on both backends so one set of repositories serves both.

-- Only the SHA-256 of a worker token is kept: a copy of the database starts no worker.
CREATE TABLE workers (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  token_sha256  TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
  created_at    TEXT NOT NULL,
  -- When the worker last asked for a job or renewed a lease (a worker is "connected" while recent).
  last_seen_at  TEXT
) STRICT;

-- One job per capture queue entry that waits for a worker. `settings` (proxy, limits, private
-- addresses) is emptied when the job ends, so a proxy's password does not outlive the capture.
CREATE TABLE capture_jobs (
  queue_id          INTEGER PRIMARY KEY REFERENCES capture_queue(id),
  settings          TEXT NOT NULL,
  queued_by         TEXT NOT NULL,
  worker_id         INTEGER REFERENCES workers(id),
  lease_id          TEXT,
  lease_expires_at  TEXT,
  leases            INTEGER NOT NULL DEFAULT 0 CHECK (leases >= 0)
) STRICT;

-- Per-host spacing across every worker: the earliest time (ms since 1970) the next page load
-- on the host may start, moved on by each claim in the claim's own transaction.
CREATE TABLE host_slots (
  host        TEXT PRIMARY KEY,
  next_at_ms  INTEGER NOT NULL
) STRICT;
