-- name: claim
-- A concurrent request with the same key waits here until the first one commits or rolls back.
-- The person the answer will name is known before the change: with it here, `remember` changes
-- no indexed column, so PostgreSQL updates the row in place (HOT) without new index entries.
-- A template of constants (the kit's RowClaim): it goes with BEGIN, in the same round trip.
INSERT INTO idempotency_keys (district, actor, key, fingerprint, person_id)
VALUES ({district}, {actor}, {key}, {fingerprint}, {person_id}::uuid)
ON CONFLICT DO NOTHING

-- name: get
SELECT fingerprint, status_code, response FROM idempotency_keys WHERE actor = $1 AND key = $2

-- name: remember
UPDATE idempotency_keys SET status_code = $3, response = $4::jsonb
WHERE actor = $1 AND key = $2

-- name: forget_person
-- The person's own answers, and every other answer that names them (a household's members).
DELETE FROM idempotency_keys
WHERE person_id = $1::uuid
   OR jsonb_path_exists(response, '$.** ? (@ == $id)', jsonb_build_object('id', $1::uuid::text))

-- name: prune
DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)
