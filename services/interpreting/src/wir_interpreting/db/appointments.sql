-- name: insert
INSERT INTO appointments (
    district, appointment_id, person_id, language, variety, mode, venue, department, municipality,
    address, remote_link, starts_at, ends_at, notes, requester, requested_by
)
VALUES (current_setting('wir.district'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
RETURNING *

-- name: load
SELECT * FROM appointments WHERE appointment_id = $1

-- name: load_for_update
SELECT * FROM appointments WHERE appointment_id = $1 FOR UPDATE

-- name: list
SELECT * FROM appointments
WHERE ($1::text IS NULL OR state = $1)
  AND ($2::uuid IS NULL OR person_id = $2)
  AND ($3::timestamptz IS NULL OR ends_at > $3)
  AND ($4::timestamptz IS NULL OR starts_at < $4)
  AND ($6::text IS NULL OR requested_by = $6)
ORDER BY starts_at, appointment_id
LIMIT $5

-- name: assigned
UPDATE appointments
SET state = 'assigned', interpreter_id = $2, interpreter_district = $3, respond_by = $4,
    unfilled_reason = NULL, version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING *

-- name: unfilled
UPDATE appointments
SET state = 'unfilled', interpreter_id = NULL, interpreter_district = NULL, respond_by = NULL,
    unfilled_reason = $2, version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING *

-- name: speakers
-- Active interpreters in reach (the district's own and those granted to it) with the language.
SELECT count(DISTINCT (i.district, i.interpreter_id))
FROM interpreters i
JOIN interpreter_languages l ON l.district = i.district AND l.interpreter_id = i.interpreter_id
WHERE i.active AND l.language = $1
