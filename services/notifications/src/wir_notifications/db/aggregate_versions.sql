-- The latest step seen of each match and appointment, so that an older step arriving later is
-- not announced. Runs in a district transaction (row-level security).

-- name: aggregate_advance
INSERT INTO aggregate_versions AS a (district, aggregate, aggregate_id, version)
VALUES ($1, $2, $3, $4)
ON CONFLICT (district, aggregate, aggregate_id) DO UPDATE
SET version = EXCLUDED.version
WHERE a.version <= EXCLUDED.version
RETURNING version

-- name: aggregate_seen
SELECT version FROM aggregate_versions WHERE aggregate = $1 AND aggregate_id = $2
