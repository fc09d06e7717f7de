-- A covering index for the evidence grid, timeline and map of large cases (50,000 items): the
-- summary reads these columns without touching the item rows, whose bulky JSON (metadata, post,
-- capture) sits before flags, tags and grading. Index only: no data changes.
CREATE INDEX items_summary ON items(
  case_id, id, kind, media_type, sha256, event_utc, json_extract(event_time, '$.source'), acquired_at, lat, lon,
  flags, tags, grading, withdrawn_at, json_extract(post, '$.platform'), title, original_name, source_url
);
