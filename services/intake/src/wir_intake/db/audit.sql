-- name: insert
INSERT INTO audit_log (district, actor, action, person_id, fields)
SELECT $1, $2, $3, person_id, $5::text[] FROM unnest($4::uuid[]) AS t(person_id)

-- name: page
SELECT * FROM audit_log
WHERE ($1::bigint IS NULL OR id < $1)
  AND ($2::uuid IS NULL OR person_id = $2)
  AND ($3::text IS NULL OR actor = $3)
ORDER BY id DESC
LIMIT $4
