-- name: insert
INSERT INTO needs (
    district, id, person_id, kind, topics, language, urgency, notes, status, created_by, mentor_gender
)
VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, $9, $10, $11)
RETURNING created_at, open_since

-- name: update
UPDATE needs SET topics = $2::text[], language = $3, urgency = $4, notes = $5, status = $6,
                 mentor_gender = $7, updated_at = now()
WHERE id = $1
RETURNING updated_at

-- name: lock
SELECT * FROM needs WHERE id = $1 AND person_id = $2 FOR UPDATE

-- name: of_person
SELECT * FROM needs WHERE person_id = $1 ORDER BY created_at, id

-- name: list
SELECT * FROM needs
WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
  AND ($3::text IS NULL OR kind = $3)
  AND ($4::text IS NULL OR status = $4)
  AND ($5::text IS NULL OR urgency = $5)
ORDER BY created_at DESC, id DESC
LIMIT $6
