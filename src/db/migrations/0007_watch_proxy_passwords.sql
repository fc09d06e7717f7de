-- Golden Hour case database, version 7: a watch's proxy password leaves the database.
-- Watches kept their proxy URL whole, password included. The password now lives on the machine
-- that runs the watch (DATA/keys/proxy-passwords.json), and the settings keep the proxy without
-- it and the name it would be kept under. A password removed here is not copied anywhere: the
-- watch's next run says it is missing until the address is watched again with it.
-- The user information ends at the last '@' (rtrim by every other character of the URL finds it).
UPDATE watches
SET options = json_set(options,
  '$.proxy', scheme || user_name || '@' || host_part,
  '$.proxyPassword', scheme || user_name || '@' || host_part)
FROM (
  SELECT id AS watch_id,
    substr(proxy, 1, instr(proxy, '://') + 2) AS scheme,
    substr(user_info, 1, instr(user_info, ':') - 1) AS user_name,
    substr(proxy, length(before_host) + 1) AS host_part
  FROM (
    SELECT id, proxy, before_host,
      substr(before_host, instr(proxy, '://') + 3, length(before_host) - instr(proxy, '://') - 3) AS user_info
    FROM (
      SELECT id, json_extract(options, '$.proxy') AS proxy, rtrim(json_extract(options, '$.proxy'), replace(json_extract(options, '$.proxy'), '@', '')) AS before_host
      FROM watches
      WHERE json_type(options, '$.proxy') = 'text' AND instr(json_extract(options, '$.proxy'), '@') > 0
    )
  )
  WHERE instr(user_info, ':') > 0
) AS secret
WHERE watches.id = secret.watch_id;
