-- Golden Hour on PostgreSQL, version 3 (twin of SQLite's 0003): the evidence grid reads a case's
-- items in id order. SQLite's covering index is not copied: PostgreSQL would refuse an index
-- entry holding a long title or tag list (btree rows are limited to about 2.7 kB).
CREATE INDEX items_summary ON items(case_id, id);
