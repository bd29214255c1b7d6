-- name: log_access
INSERT INTO access_log (district, person_id, share_id, actor, action) VALUES ($1, $2, $3, $4, $5)
