-- name: apply_profile
-- Opens the record if needed; applies the profile only if it is newer than the one kept.
INSERT INTO records (district, person_id, preferred_language, profile_version)
SELECT $1, $2, $3, $4
WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET preferred_language = EXCLUDED.preferred_language, profile_version = EXCLUDED.profile_version
WHERE records.profile_version < EXCLUDED.profile_version

-- name: apply_consents
INSERT INTO records (district, person_id, consents, consent_version)
SELECT $1, $2, $3, $4
WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET consents = EXCLUDED.consents, consent_version = EXCLUDED.consent_version
WHERE records.consent_version < EXCLUDED.consent_version

-- name: apply_registration
-- apply_profile and apply_consents in one statement, for the registration that carries both.
-- True when the registration's consents changed a record that was there before (a new record
-- has no shares to stop; xmax is 0 only for a row this statement inserted).
INSERT INTO records (district, person_id, preferred_language, profile_version, consents, consent_version)
SELECT $1, $2, $3, $4, $5, $4
WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET preferred_language = CASE WHEN records.profile_version < EXCLUDED.profile_version
                              THEN EXCLUDED.preferred_language ELSE records.preferred_language END,
    profile_version = greatest(records.profile_version, EXCLUDED.profile_version),
    consents = CASE WHEN records.consent_version < EXCLUDED.consent_version
                    THEN EXCLUDED.consents ELSE records.consents END,
    consent_version = greatest(records.consent_version, EXCLUDED.consent_version)
WHERE records.profile_version < EXCLUDED.profile_version
   OR records.consent_version < EXCLUDED.consent_version
RETURNING consent_version = $4 AND xmax <> 0 AS consents_changed

-- name: record
SELECT person_id, version, preferred_language, consents FROM records
WHERE district = $1 AND person_id = $2

-- name: record_for_update
SELECT person_id, version, preferred_language, consents FROM records
WHERE district = $1 AND person_id = $2
FOR UPDATE

-- name: bump_version
UPDATE records SET version = version + 1 WHERE district = $1 AND person_id = $2
RETURNING version

-- name: now
SELECT now()

-- name: records_without_entries
SELECT person_id FROM records WHERE district = $1 AND person_id = ANY($2::uuid[]) AND version = 0

-- name: tombstone
INSERT INTO tombstones (district, person_id, request_id) VALUES ($1, $2, $3)
ON CONFLICT (district, person_id) DO NOTHING

-- name: erase_record
DELETE FROM records WHERE district = $1 AND person_id = $2
