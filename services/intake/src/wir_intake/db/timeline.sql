-- name: insert
-- Only for a person intake still has: an erased person's timeline must not grow again.
INSERT INTO timeline_entries (district, event_id, person_id, occurred_at, producer, event_type, event_version, details)
SELECT $1, $2, p.id, $4, $5, $6, $7, $8::jsonb
FROM persons p WHERE p.id = $3
ON CONFLICT DO NOTHING

-- name: page
SELECT * FROM timeline_entries
WHERE person_id = $1
  AND ($2::timestamptz IS NULL OR (occurred_at, event_id) < ($2::timestamptz, $3::uuid))
ORDER BY occurred_at DESC, event_id DESC
LIMIT $4

-- name: purge
DELETE FROM timeline_entries WHERE person_id = $1
