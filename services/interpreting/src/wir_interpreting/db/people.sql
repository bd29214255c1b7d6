-- Each part of a person (profile, consents, needs) is applied only when its version is newer than
-- the one kept, so late or redelivered events change nothing. An erased person's tombstone keeps
-- any later event from bringing them back.

-- name: apply_profile
INSERT INTO people (district, person_id, municipality, languages, profile_version)
SELECT $1, $2, $3, $4::text[], $5
WHERE NOT EXISTS (SELECT 1 FROM erased_people WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET municipality = EXCLUDED.municipality, languages = EXCLUDED.languages,
    profile_version = EXCLUDED.profile_version
WHERE people.profile_version < EXCLUDED.profile_version

-- name: apply_consents
INSERT INTO people (district, person_id, consents, consents_version)
SELECT $1, $2, $3::text[], $4
WHERE NOT EXISTS (SELECT 1 FROM erased_people WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET consents = EXCLUDED.consents, consents_version = EXCLUDED.consents_version
WHERE people.consents_version < EXCLUDED.consents_version

-- name: apply_needs
-- NULL when no open interpreting need names a language.
INSERT INTO people (district, person_id, interpreting_language, needs_version)
SELECT $1, $2, $3, $4
WHERE NOT EXISTS (SELECT 1 FROM erased_people WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET interpreting_language = EXCLUDED.interpreting_language, needs_version = EXCLUDED.needs_version
WHERE people.needs_version < EXCLUDED.needs_version

-- name: load
SELECT person_id, languages, interpreting_language, municipality, consents
FROM people WHERE district = $1 AND person_id = $2

-- name: tombstone
INSERT INTO erased_people (district, person_id) VALUES ($1, $2)
ON CONFLICT (district, person_id) DO NOTHING

-- name: erase_person
DELETE FROM people WHERE district = $1 AND person_id = $2

-- name: unlink_appointments
-- The appointments stay (the interpreter still comes, the requester is staff, not the person);
-- what tied them to the person goes: the id and the notes, which may describe them.
UPDATE appointments SET person_id = NULL, notes = NULL, updated_at = now()
WHERE district = $1 AND person_id = $2
RETURNING *
