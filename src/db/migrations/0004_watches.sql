-- Golden Hour case database, version 4: watching addresses until the golden hour ends.
-- A watch re-captures one address of a case on a schedule. Its first capture is the watched
-- item; every later capture is a new page item (a version) linked here, never replacing it.

CREATE TABLE watches (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  url           TEXT NOT NULL,
  -- The first capture (version 1): NULL until it has been captured.
  item_id       INTEGER REFERENCES items(id),
  every_seconds REAL NOT NULL CHECK (every_seconds > 0),
  -- Stop after this instant (ISO 8601 UTC); NULL: until the user stops it or the case closes.
  until_at      TEXT,
  -- Capture settings (JSON): proxy, allowPrivate, timeoutSeconds, limits.
  options       TEXT NOT NULL DEFAULT '{}',
  state         TEXT NOT NULL CHECK (state IN ('active', 'stopped')),
  stop_reason   TEXT,
  stopped_at    TEXT,
  -- When the next capture is due; a resumed watch whose time has long passed runs once, not once per missed slot.
  next_run_at   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  CHECK ((state = 'stopped') = (stop_reason IS NOT NULL))
) STRICT;

-- One active watch per address and case.
CREATE UNIQUE INDEX watches_case_url_active ON watches(case_id, url) WHERE state = 'active';

-- Each time a watch ran: the version it captured (none when the address was unreachable), the
-- outcome of comparing it with the version before, and the differences found (JSON).
CREATE TABLE watch_runs (
  id           INTEGER PRIMARY KEY,
  watch_id     INTEGER NOT NULL REFERENCES watches(id),
  due_at       TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT NOT NULL,
  item_id      INTEGER REFERENCES items(id),
  version      INTEGER CHECK (version >= 1),
  outcome      TEXT NOT NULL CHECK (outcome IN ('first', 'unchanged', 'edited', 'deleted', 'account-suspended', 'account-private', 'login-wall', 'unreachable')),
  -- The runs missed while nothing was running (caught up by this one run).
  missed       INTEGER NOT NULL DEFAULT 0 CHECK (missed >= 0),
  verdict      TEXT NOT NULL DEFAULT '{}',
  error        TEXT,
  CHECK ((item_id IS NULL) = (version IS NULL))
) STRICT;

CREATE INDEX watch_runs_watch ON watch_runs(watch_id, id);
CREATE UNIQUE INDEX watch_runs_version ON watch_runs(watch_id, version) WHERE version IS NOT NULL;
