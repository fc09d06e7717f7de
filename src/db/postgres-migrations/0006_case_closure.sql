-- Golden Hour on PostgreSQL, version 6: closing a case (twin of SQLite's 0006).

ALTER TABLE cases ADD COLUMN closed_at TEXT;
ALTER TABLE cases ADD COLUMN closed_by TEXT;
ALTER TABLE cases ADD COLUMN closed_reason TEXT;
ALTER TABLE cases ADD CONSTRAINT cases_closed_together
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (closed_reason IS NULL));
