-- A case can be closed (read-only) and reopened. Who closed it, when and why are kept on the row
-- (and in the ledger's covered state); the three are set together or not at all. No data changes.
ALTER TABLE cases ADD COLUMN closed_at TEXT;
ALTER TABLE cases ADD COLUMN closed_by TEXT;
ALTER TABLE cases ADD COLUMN closed_reason TEXT
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (closed_reason IS NULL));
