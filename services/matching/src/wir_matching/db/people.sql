-- Each part of a person (profile, consents, needs, competence) is applied only when its version is
-- newer than the one kept, so late or redelivered events change nothing. An erased person's
-- tombstone keeps any later event from bringing them back.

-- name: apply_profile
INSERT INTO people (district, person_id, municipality, languages, profile_version)
SELECT $1, $2, $3, $4::jsonb, $5
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

-- name: apply_needs_version
INSERT INTO people (district, person_id, needs_version)
SELECT $1, $2, $3
WHERE NOT EXISTS (SELECT 1 FROM erased_people WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET needs_version = EXCLUDED.needs_version
WHERE people.needs_version < EXCLUDED.needs_version

-- name: close_needs
-- Needs no longer listed are met or withdrawn.
DELETE FROM needs WHERE district = $1 AND person_id = $2 AND NOT (need_id = ANY($3::uuid[]))
RETURNING need_id

-- name: upsert_need
-- A need keeps the day it opened unless intake says otherwise.
INSERT INTO needs (district, need_id, person_id, topics, urgency, open_since, mentor_gender)
VALUES ($1, $2, $3, $4::text[], $5, coalesce($6::date, $7::date), $8)
ON CONFLICT (district, need_id) DO UPDATE
SET topics = EXCLUDED.topics, urgency = EXCLUDED.urgency,
    open_since = coalesce($6::date, needs.open_since), mentor_gender = EXCLUDED.mentor_gender
WHERE needs.person_id = EXCLUDED.person_id

-- name: raise_german_level
-- CEFR levels sort as text (A1 < A2 < B1 < ... < C2), so greatest() keeps the best level. Keeping
-- the best is order-independent, so an older competence event may still raise it. True when the
-- level rose (the CTE reads the row as it was before this statement).
WITH before AS (SELECT german_level FROM people WHERE district = $1 AND person_id = $2)
INSERT INTO people (district, person_id, german_level, competence_version)
SELECT $1, $2, $3, $4
WHERE NOT EXISTS (SELECT 1 FROM erased_people WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET german_level = greatest(people.german_level, EXCLUDED.german_level),
    competence_version = greatest(people.competence_version, EXCLUDED.competence_version)
WHERE people.german_level IS DISTINCT FROM greatest(people.german_level, EXCLUDED.german_level)
   OR people.competence_version < EXCLUDED.competence_version
RETURNING german_level IS DISTINCT FROM (SELECT german_level FROM before) AS raised

-- name: tombstone
INSERT INTO erased_people (district, person_id) VALUES ($1, $2)
ON CONFLICT (district, person_id) DO NOTHING

-- name: erase_person
-- Their needs (and the waiting list's rows of them) go with them.
DELETE FROM people WHERE district = $1 AND person_id = $2
