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

-- name: revoke_shares_of_person
-- The employer's address is kept only as long as the share works.
UPDATE shares SET revoked_at = now(), revoked_because = $3, recipient_email = ''
WHERE district = $1 AND person_id = $2 AND revoked_at IS NULL

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

-- name: insert_entry_version
INSERT INTO entry_versions (district, person_id, record_version, entry_id, kind, data, changed_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING changed_at

-- name: latest_entry_version
SELECT kind, data FROM entry_versions
WHERE district = $1 AND person_id = $2 AND entry_id = $3
ORDER BY record_version DESC
LIMIT 1

-- name: entries_as_of
-- Each entry as its last change before $3 left it; removed entries come back with NULL data.
SELECT DISTINCT ON (entry_id)
       entry_id, kind, data, changed_by, changed_at,
       first_value(changed_by) OVER created AS entered_by,
       first_value(changed_at) OVER created AS entered_at
FROM entry_versions
WHERE district = $1 AND person_id = $2 AND changed_at <= $3
WINDOW created AS (PARTITION BY entry_id ORDER BY record_version)
ORDER BY entry_id, record_version DESC

-- name: version_as_of
SELECT COALESCE(max(record_version), 0) FROM entry_versions
WHERE district = $1 AND person_id = $2 AND changed_at <= $3

-- name: history
SELECT record_version, entry_id, kind, data IS NULL AS removed, changed_by, changed_at
FROM entry_versions
WHERE district = $1 AND person_id = $2
ORDER BY record_version DESC

-- name: log_access
INSERT INTO access_log (district, person_id, share_id, actor, action) VALUES ($1, $2, $3, $4, $5)

-- name: insert_share
INSERT INTO shares (district, share_id, person_id, token_hash, sections, recipient_organisation,
                    recipient_email, expires_at, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING created_at

-- name: shares_of_person
SELECT s.share_id, s.sections, s.recipient_organisation, s.expires_at, s.created_by, s.created_at,
       s.revoked_at, s.revoked_because,
       (SELECT count(*) FROM access_log a
        WHERE a.district = s.district AND a.share_id = s.share_id AND a.action IN ('share_opened', 'share_printed')) AS opened
FROM shares s
WHERE s.district = $1 AND s.person_id = $2
ORDER BY s.created_at DESC

-- name: revoke_share
UPDATE shares SET revoked_at = now(), revoked_because = 'revoked', recipient_email = ''
WHERE district = $1 AND person_id = $2 AND share_id = $3 AND revoked_at IS NULL
RETURNING share_id

-- name: share_exists
SELECT EXISTS (SELECT 1 FROM shares WHERE district = $1 AND person_id = $2 AND share_id = $3)

-- name: share_by_token
SELECT s.share_id, s.person_id, s.sections, s.expires_at, s.revoked_at, r.consents,
       r.preferred_language, now() AS now
FROM shares s
JOIN records r ON r.district = s.district AND r.person_id = s.person_id
WHERE s.district = $1 AND s.token_hash = $2

-- name: share_accesses
SELECT action, at FROM access_log
WHERE district = $1 AND person_id = $2 AND share_id = $3
ORDER BY id

-- name: insert_document
INSERT INTO documents (district, code, person_id, record_version, language)
VALUES ($1, $2, $3, $4, $5)
RETURNING issued_at

-- name: document
SELECT d.record_version, d.language, d.issued_at, r.version AS current_version
FROM documents d
JOIN records r ON r.district = d.district AND r.person_id = d.person_id
WHERE d.district = $1 AND d.code = $2

-- name: tombstone
INSERT INTO tombstones (district, person_id, request_id) VALUES ($1, $2, $3)
ON CONFLICT (district, person_id) DO NOTHING

-- name: erase_record
DELETE FROM records WHERE district = $1 AND person_id = $2

-- name: records_without_entries
SELECT person_id FROM records WHERE district = $1 AND person_id = ANY($2::uuid[]) AND version = 0

-- name: now
SELECT now()

-- name: forget_expired_recipients
UPDATE shares SET recipient_email = ''
WHERE district = $1 AND recipient_email <> '' AND expires_at <= now()
