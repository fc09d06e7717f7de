-- Golden Hour on PostgreSQL, version 7: a watch's proxy password leaves the database (twin of SQLite's 0007).
UPDATE watches
SET options = (options::jsonb || jsonb_build_object('proxy', secret.scheme || secret.user_name || '@' || secret.host_part,
  'proxyPassword', secret.scheme || secret.user_name || '@' || secret.host_part))::text
FROM (
  SELECT id AS watch_id,
    substr(proxy, 1, strpos(proxy, '://') + 2) AS scheme,
    substr(user_info, 1, strpos(user_info, ':') - 1) AS user_name,
    substr(proxy, length(before_host) + 1) AS host_part
  FROM (
    SELECT id, proxy, before_host,
      substr(before_host, strpos(proxy, '://') + 3, length(before_host) - strpos(proxy, '://') - 3) AS user_info
    FROM (
      SELECT id, options::jsonb ->> 'proxy' AS proxy,
        rtrim(options::jsonb ->> 'proxy', replace(options::jsonb ->> 'proxy', '@', '')) AS before_host
      FROM watches
      WHERE jsonb_typeof(options::jsonb -> 'proxy') = 'string' AND strpos(options::jsonb ->> 'proxy', '@') > 0
    ) AS proxies
  ) AS parts
  WHERE strpos(user_info, ':') > 0
) AS secret
WHERE watches.id = secret.watch_id;
