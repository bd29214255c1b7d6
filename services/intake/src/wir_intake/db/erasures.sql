-- name: insert
INSERT INTO erasure_requests (district, id, person_id, requested_by) VALUES ($1, $2, $3, $4)

-- name: of_person
SELECT * FROM erasure_requests WHERE person_id = $1

-- name: get
SELECT * FROM erasure_requests WHERE id = $1

-- name: confirmations
SELECT service, confirmed_at FROM erasure_confirmations WHERE request_id = $1

-- name: confirm
INSERT INTO erasure_confirmations (district, request_id, service, event_id, confirmed_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING

-- name: complete
UPDATE erasure_requests SET completed_at = now() WHERE id = $1 AND completed_at IS NULL

-- name: mark_overdue
-- Marked in the same statement that finds them, so each is reported once across replicas.
UPDATE erasure_requests SET overdue_at = now()
WHERE completed_at IS NULL AND overdue_at IS NULL
  AND requested_at <= now() - make_interval(secs => $1)
RETURNING id, person_id

-- name: page
SELECT * FROM erasure_requests
WHERE ($1::timestamptz IS NULL OR (requested_at, id) < ($1::timestamptz, $2::uuid))
  AND ($3::text IS NULL
       OR ($3 = 'completed' AND completed_at IS NOT NULL)
       OR ($3 = 'overdue' AND completed_at IS NULL AND overdue_at IS NOT NULL)
       OR ($3 = 'pending' AND completed_at IS NULL AND overdue_at IS NULL))
ORDER BY requested_at DESC, id DESC
LIMIT $4

-- name: lock
SELECT * FROM erasure_requests WHERE id = $1 FOR UPDATE
