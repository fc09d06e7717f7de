-- Golden Hour case database, version 1: cases, items, blobs, artifacts, custody ledger.
-- Times are ISO 8601 UTC strings with milliseconds; JSON columns hold validated JSON text.

CREATE TABLE cases (
  id                INTEGER PRIMARY KEY,
  uuid              TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  reference         TEXT,
  scene_lat         REAL CHECK (scene_lat BETWEEN -90 AND 90),
  scene_lon         REAL CHECK (scene_lon BETWEEN -180 AND 180),
  scene_radius_m    REAL CHECK (scene_radius_m > 0),
  incident_time     TEXT,
  timezone          TEXT,
  window_before_min INTEGER NOT NULL CHECK (window_before_min >= 0),
  window_after_min  INTEGER NOT NULL CHECK (window_after_min >= 0),
  created_at        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  -- The ledger's head, moved in the same transaction as each entry, so that a deleted last
  -- entry is noticed.
  ledger_seq        INTEGER NOT NULL DEFAULT 0,
  ledger_head       TEXT NOT NULL,
  CHECK ((scene_lat IS NULL) = (scene_lon IS NULL))
) STRICT;

-- One row per distinct content stored in the vault (content-addressed, write-once).
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  size       INTEGER NOT NULL CHECK (size >= 0),
  media_type TEXT NOT NULL,
  stored_at  TEXT NOT NULL
) STRICT;

CREATE TABLE items (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  case_id          INTEGER NOT NULL REFERENCES cases(id),
  kind             TEXT NOT NULL CHECK (kind IN ('photo', 'video', 'page', 'file')),
  sha256           TEXT NOT NULL REFERENCES blobs(sha256),
  size             INTEGER NOT NULL CHECK (size >= 0),
  media_type       TEXT NOT NULL,
  original_name    TEXT,
  source_path      TEXT,
  source_url       TEXT,
  parent_id        INTEGER REFERENCES items(id),
  acquired_at      TEXT NOT NULL,
  acquired_by      TEXT NOT NULL,
  title            TEXT,
  -- Filled by later analysis (media, capture); JSON text or NULL.
  event_time       TEXT,
  event_utc        TEXT,
  location         TEXT,
  lat              REAL,
  lon              REAL,
  metadata         TEXT,
  post             TEXT,
  capture          TEXT,
  flags            TEXT NOT NULL DEFAULT '[]',
  notes            TEXT NOT NULL DEFAULT '',
  tags             TEXT NOT NULL DEFAULT '[]',
  grading          TEXT,
  withdrawn_at     TEXT,
  withdrawn_by     TEXT,
  withdrawn_reason TEXT
) STRICT;

CREATE INDEX items_case_event ON items(case_id, event_utc);
CREATE INDEX items_case_acquired ON items(case_id, acquired_at);
CREATE INDEX items_case_source ON items(case_id, source_path, sha256);
CREATE INDEX items_parent ON items(parent_id);

-- Files attached to an item: capture artifacts (screenshots, DOM, WACZ...) and derived working
-- copies (thumbnails, previews), which are marked derived and never replace the original.
CREATE TABLE artifacts (
  item_id    INTEGER NOT NULL REFERENCES items(id),
  role       TEXT NOT NULL,
  sha256     TEXT NOT NULL REFERENCES blobs(sha256),
  size       INTEGER NOT NULL CHECK (size >= 0),
  media_type TEXT NOT NULL,
  derived    INTEGER NOT NULL CHECK (derived IN (0, 1)),
  PRIMARY KEY (item_id, role, sha256)
) STRICT;

CREATE INDEX artifacts_sha256 ON artifacts(sha256);

-- The custody ledger: append-only and hash-chained per case.
CREATE TABLE custody (
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  seq          INTEGER NOT NULL CHECK (seq >= 1),
  at           TEXT NOT NULL,
  operator     TEXT NOT NULL,
  tool         TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  action       TEXT NOT NULL,
  item_id      INTEGER,
  details      TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
) STRICT;

CREATE INDEX custody_item ON custody(case_id, item_id);

-- Append-only at the database level too: an accidental UPDATE or DELETE is refused. (Someone
-- who drops these triggers is still caught by the hash chain.)
CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody ledger is append-only'); END;
CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
BEGIN SELECT RAISE(ABORT, 'the custody ledger is append-only'); END;
CREATE TRIGGER items_no_delete BEFORE DELETE ON items
BEGIN SELECT RAISE(ABORT, 'items are never deleted: withdraw them instead'); END;
