-- The recipient directory, fed only by events. Every query runs in a district transaction:
-- row-level security restricts it to that district, the district parameter fills the column.

-- name: recipient_get
SELECT kind, recipient_id, display_name, email, mobile, channels, preferred_language, languages,
       consents, profile_version, contact_version, active, erased_at IS NOT NULL AS erased
FROM recipients
WHERE kind = $1 AND recipient_id = $2

-- name: recipient_touch
-- A row to lock even for a recipient not seen yet, so that a message parked for them and the
-- event that makes them known cannot pass each other unseen.
INSERT INTO recipients (district, kind, recipient_id) VALUES ($1, $2, $3)
ON CONFLICT (district, kind, recipient_id) DO NOTHING

-- name: recipient_lock
SELECT kind, recipient_id, display_name, email, mobile, channels, preferred_language, languages,
       consents, profile_version, contact_version, active, erased_at IS NOT NULL AS erased
FROM recipients
WHERE kind = $1 AND recipient_id = $2
FOR UPDATE

-- name: person_profile_apply
INSERT INTO recipients AS r (district, kind, recipient_id, preferred_language, languages, profile_version)
VALUES ($1, 'person', $2, $3, $4, $5)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET preferred_language = EXCLUDED.preferred_language,
    languages = EXCLUDED.languages,
    profile_version = EXCLUDED.profile_version,
    updated_at = now()
WHERE r.erased_at IS NULL AND (r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version)
RETURNING recipient_id

-- name: person_consents_apply
INSERT INTO recipients AS r (district, kind, recipient_id, consents, consents_version)
VALUES ($1, 'person', $2, $3, $4)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET consents = EXCLUDED.consents,
    consents_version = EXCLUDED.consents_version,
    updated_at = now()
WHERE r.erased_at IS NULL AND (r.consents_version IS NULL OR r.consents_version < EXCLUDED.consents_version)
RETURNING recipient_id

-- name: person_contact_apply
INSERT INTO recipients AS r (district, kind, recipient_id, display_name, email, mobile, channels, contact_version)
VALUES ($1, 'person', $2, $3, $4, $5, $6, $7)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = EXCLUDED.display_name,
    email = EXCLUDED.email,
    mobile = EXCLUDED.mobile,
    channels = EXCLUDED.channels,
    contact_version = EXCLUDED.contact_version,
    updated_at = now()
WHERE r.erased_at IS NULL AND (r.contact_version IS NULL OR r.contact_version < EXCLUDED.contact_version)
RETURNING recipient_id

-- name: helper_profile_apply
INSERT INTO recipients AS r (district, kind, recipient_id, display_name, email, mobile, channels,
                             preferred_language, profile_version, contact_version, active)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, true)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = EXCLUDED.display_name,
    email = EXCLUDED.email,
    mobile = EXCLUDED.mobile,
    channels = EXCLUDED.channels,
    preferred_language = EXCLUDED.preferred_language,
    profile_version = EXCLUDED.profile_version,
    contact_version = EXCLUDED.contact_version,
    active = true,
    updated_at = now()
WHERE r.erased_at IS NULL AND (r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version)
RETURNING recipient_id

-- name: helper_deactivate
INSERT INTO recipients AS r (district, kind, recipient_id, profile_version, contact_version, active)
VALUES ($1, $2, $3, $4, $4, false)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = NULL, email = NULL, mobile = NULL, channels = '{}',
    profile_version = EXCLUDED.profile_version,
    contact_version = EXCLUDED.contact_version,
    active = false,
    updated_at = now()
WHERE r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version
RETURNING recipient_id

-- name: person_erase
INSERT INTO recipients AS r (district, kind, recipient_id, active, erased_at)
VALUES ($1, 'person', $2, false, now())
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = NULL, email = NULL, mobile = NULL, channels = '{}', preferred_language = NULL,
    languages = '{}', consents = NULL, active = false,
    erased_at = COALESCE(r.erased_at, now()), updated_at = now()
