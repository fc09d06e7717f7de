-- Golden Hour case database, version 9: triage (issue 10 item 6). Each item gets a status and an
-- assignee, covered by the item's state in the ledger like its notes and grading; every item
-- already recorded starts `new` and unassigned, which is what an untriaged item's covered state
-- says (it names no triage), so existing ledgers still verify. Comments are rows of their own,
-- append-only like the ledger, each recorded by an `item commented` entry carrying its SHA-256.
ALTER TABLE items ADD COLUMN triage_status TEXT NOT NULL DEFAULT 'new'
  CHECK (triage_status IN ('new', 'in-review', 'verified', 'disputed', 'not-relevant'));
ALTER TABLE items ADD COLUMN assignee TEXT CHECK (assignee IS NULL OR length(assignee) > 0);

CREATE TABLE item_comments (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES items(id),
  case_id  INTEGER NOT NULL REFERENCES cases(id),
  at       TEXT NOT NULL,
  author   TEXT NOT NULL,
  body     TEXT NOT NULL CHECK (length(body) > 0)
) STRICT;

CREATE INDEX item_comments_item ON item_comments(item_id, id);
CREATE INDEX item_comments_case ON item_comments(case_id, id);

CREATE TRIGGER item_comments_no_update BEFORE UPDATE ON item_comments
BEGIN SELECT RAISE(ABORT, 'comments are kept as written'); END;
CREATE TRIGGER item_comments_no_delete BEFORE DELETE ON item_comments
BEGIN SELECT RAISE(ABORT, 'comments are kept as written'); END;

-- The evidence grid reads the status and assignee too: the covering index (0003) gains them, so
-- 50,000 summary rows are still read from the index alone. Index only: no data changes.
DROP INDEX items_summary;
CREATE INDEX items_summary ON items(
  case_id, id, kind, media_type, sha256, event_utc, json_extract(event_time, '$.source'), acquired_at, lat, lon,
  flags, tags, grading, withdrawn_at, json_extract(post, '$.platform'), title, original_name, source_url,
  triage_status, assignee
);
