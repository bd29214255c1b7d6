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

-- name: share_exists
SELECT EXISTS (SELECT 1 FROM shares WHERE district = $1 AND person_id = $2 AND share_id = $3)

-- name: share_accesses
SELECT action, at FROM access_log
WHERE district = $1 AND person_id = $2 AND share_id = $3
ORDER BY id

-- name: share_by_token
SELECT s.share_id, s.person_id, s.sections, s.expires_at, s.revoked_at, r.consents,
       r.preferred_language, now() AS now
FROM shares s
JOIN records r ON r.district = s.district AND r.person_id = s.person_id
WHERE s.district = $1 AND s.token_hash = $2

-- name: revoke_share
UPDATE shares SET revoked_at = now(), revoked_because = 'revoked', recipient_email = ''
WHERE district = $1 AND person_id = $2 AND share_id = $3 AND revoked_at IS NULL
RETURNING share_id

-- name: revoke_shares_of_person
-- The employer's address is kept only as long as the share works.
UPDATE shares SET revoked_at = now(), revoked_because = $3, recipient_email = ''
WHERE district = $1 AND person_id = $2 AND revoked_at IS NULL

-- name: forget_expired_recipients
UPDATE shares SET recipient_email = ''
WHERE district = $1 AND recipient_email <> '' AND expires_at <= now()
