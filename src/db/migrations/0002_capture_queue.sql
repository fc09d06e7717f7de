-- Golden Hour case database, version 2: the web-capture queue.
-- Each URL asked for is a row that ends 'captured' (with its page item) or 'failed' (with a
-- reason), so a capture run killed half-way resumes where it stopped and never captures twice.

CREATE TABLE capture_queue (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  url           TEXT NOT NULL,
  -- queued: waiting; running: claimed by a run (reset to queued when a run starts again after a
  -- crash); captured: done, item_id set; failed: gave up, error set.
  state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'captured', 'failed')),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  item_id       INTEGER REFERENCES items(id),
  error         TEXT,
  options       TEXT NOT NULL DEFAULT '{}',
  operator      TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  CHECK ((state = 'captured') = (item_id IS NOT NULL))
) STRICT;

CREATE INDEX capture_queue_case_state ON capture_queue(case_id, state, id);
