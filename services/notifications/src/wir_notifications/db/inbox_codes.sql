-- One-time codes that open a person's inbox. Every query runs in a district transaction
-- (row-level security); the district parameter fills the column. Times are the database's.

-- name: code_link_target
-- What a message's link may ask a code for: whom the message was to, in which language, and
-- the channel that delivered it, with that channel's current address and the person's consents.
SELECT n.recipient_kind, n.recipient_id, n.language, n.channel, r.email, r.mobile, r.channels,
       r.consents, r.active, r.erased_at IS NOT NULL AS erased
FROM notifications n
LEFT JOIN recipients r ON r.kind = n.recipient_kind AND r.recipient_id = n.recipient_id
WHERE n.notification_id = $1

-- name: person_lock
-- Code requests and checks of one person take turns: the limits count what the others wrote.
SELECT recipient_id FROM recipients
WHERE kind = 'person' AND recipient_id = $1
FOR UPDATE

-- name: codes_recent
-- How many codes went out to the person within the last hour, and how long ago the newest.
SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour') AS last_hour,
       extract(epoch FROM now() - max(created_at))::float8 AS newest_age_s
FROM inbox_codes
WHERE person_id = $1

-- name: codes_forget_old
-- Codes older than a day count towards no limit and open nothing: gone.
DELETE FROM inbox_codes WHERE person_id = $1 AND created_at < now() - interval '1 day'

-- name: codes_end_open
-- A newer code replaces every open one of the person.
UPDATE inbox_codes SET ended_at = now()
WHERE person_id = $1 AND used_at IS NULL AND ended_at IS NULL

-- name: code_insert
INSERT INTO inbox_codes (district, code_id, person_id, notification_id, channel, code_hash, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))

-- name: code_end
UPDATE inbox_codes SET ended_at = COALESCE(ended_at, now()) WHERE code_id = $1

-- name: code_current
-- The person's newest code, locked, with whether its time is over.
SELECT code_id, notification_id, code_hash, attempts, used_at IS NOT NULL AS used,
       ended_at IS NOT NULL AS ended, expires_at <= now() AS expired
FROM inbox_codes
WHERE person_id = $1
ORDER BY created_at DESC
LIMIT 1
FOR UPDATE

-- name: code_used
UPDATE inbox_codes SET used_at = now() WHERE code_id = $1

-- name: code_wrong_try
-- One wrong try more; the last allowed one ends the code.
UPDATE inbox_codes
SET attempts = attempts + 1,
    ended_at = CASE WHEN attempts + 1 >= $2 THEN now() ELSE ended_at END
WHERE code_id = $1
RETURNING attempts

-- name: person_codes_erase
DELETE FROM inbox_codes WHERE person_id = $1
