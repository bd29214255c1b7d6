-- name: request_run
-- A burst of changes leads to one run: an earlier due time is kept, a later one never pushes it back.
INSERT INTO run_requests (district, due_at)
VALUES ($1, now() + make_interval(secs => $2))
ON CONFLICT (district) DO UPDATE
SET due_at = least(run_requests.due_at, EXCLUDED.due_at)
