-- name: today
-- The district's calendar day, which every document expiry is measured by.
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date

-- name: insert_interpreter
INSERT INTO interpreters (
    district, interpreter_id, version, display_name, email, mobile, channels, preferred_language,
    german_level, modes, home_municipality, travel_km, municipalities, weekly, absences
)
VALUES ($1, $2, 1, $3, $4, $5, $6::text[], $7, $8, $9::text[], $10, $11, $12::text[], $13::jsonb, $14::jsonb)
ON CONFLICT (district, interpreter_id) DO NOTHING

-- name: update_interpreter
UPDATE interpreters
SET version = version + 1, display_name = $3, email = $4, mobile = $5, channels = $6::text[],
    preferred_language = $7, german_level = $8, modes = $9::text[], home_municipality = $10,
    travel_km = $11, municipalities = $12::text[], weekly = $13::jsonb, absences = $14::jsonb,
    updated_at = now()
WHERE district = $1 AND interpreter_id = $2
RETURNING version

-- name: set_availability
-- Availability is no contact detail: the version (which orders the profile events) stays.
UPDATE interpreters SET weekly = $3::jsonb, absences = $4::jsonb, updated_at = now()
WHERE district = $1 AND interpreter_id = $2

-- name: delete_languages
DELETE FROM interpreter_languages WHERE district = $1 AND interpreter_id = $2

-- name: insert_languages
INSERT INTO interpreter_languages (district, interpreter_id, language, variety)
SELECT $1, $2, language, variety FROM unnest($3::text[], $4::text[]) AS spoken(language, variety)

-- name: interpreter
-- Only the district's own pool: a neighbour's interpreter visible through a grant is not managed here.
SELECT * FROM interpreters WHERE district = $1 AND interpreter_id = $2

-- name: interpreter_for_update
SELECT * FROM interpreters WHERE district = $1 AND interpreter_id = $2 FOR UPDATE

-- name: interpreters_page
-- Keyset paging by id: stable under inserts, no offsets to skip.
SELECT * FROM interpreters
WHERE district = $1 AND ($2::uuid IS NULL OR interpreter_id > $2) AND ($3::boolean IS NULL OR active = $3)
ORDER BY interpreter_id
LIMIT $4

-- name: deactivate
UPDATE interpreters SET active = false, version = version + 1, updated_at = now()
WHERE district = $1 AND interpreter_id = $2 AND active
RETURNING version

-- name: languages_of
SELECT interpreter_id, language, variety FROM interpreter_languages
WHERE district = $1 AND interpreter_id = ANY($2::uuid[])
ORDER BY interpreter_id, language, variety

-- name: documents_of
SELECT interpreter_id, kind, expires_on, recorded_at FROM interpreter_documents
WHERE district = $1 AND interpreter_id = ANY($2::uuid[])
ORDER BY interpreter_id, kind

-- name: grants_of
SELECT interpreter_id, grantee FROM pool_grants
WHERE district = $1 AND interpreter_id = ANY($2::uuid[])
ORDER BY interpreter_id, grantee

-- name: record_document
-- A new expiry date earns its own reminder; recording the same date again keeps the one sent.
INSERT INTO interpreter_documents (district, interpreter_id, kind, expires_on)
VALUES ($1, $2, $3, $4)
ON CONFLICT (district, interpreter_id, kind) DO UPDATE
SET expires_on = EXCLUDED.expires_on, recorded_at = now(),
    reminded_for = CASE WHEN interpreter_documents.expires_on = EXCLUDED.expires_on
                        THEN interpreter_documents.reminded_for END

-- name: revoke_grants
-- Grants no longer wanted; the neighbour's bookings already made stay (they are the neighbour's rows).
DELETE FROM pool_grants WHERE district = $1 AND interpreter_id = $2 AND NOT (grantee = ANY($3::text[]))

-- name: add_grants
INSERT INTO pool_grants (district, interpreter_id, grantee)
SELECT $1, $2, grantee FROM unnest($3::text[]) AS wanted(grantee)
ON CONFLICT DO NOTHING

-- name: remind_expiring
-- Documents of active interpreters that expire within the reminder window and whose expiry has
-- not been reminded of yet; marked in the same statement, so each expiry is reminded once.
UPDATE interpreter_documents d SET reminded_for = d.expires_on
FROM interpreters i
WHERE d.district = $1 AND i.district = d.district AND i.interpreter_id = d.interpreter_id AND i.active
  AND d.expires_on >= (now() AT TIME ZONE 'Europe/Berlin')::date
  AND d.expires_on <= (now() AT TIME ZONE 'Europe/Berlin')::date + $2::int
  AND d.reminded_for IS DISTINCT FROM d.expires_on
RETURNING d.interpreter_id, d.kind, d.expires_on

-- name: known
SELECT interpreter_id FROM interpreters WHERE district = $1 AND interpreter_id = ANY($2::uuid[])

-- name: open_appointments
-- The district's appointments the interpreter holds (asked or confirmed) that have not begun.
SELECT appointment_id FROM appointments
WHERE district = $1 AND interpreter_id = $2 AND state IN ('assigned', 'confirmed') AND starts_at > $3
ORDER BY starts_at, appointment_id
