-- The recipient directory, fed only by events. Every query runs in a district transaction:
-- row-level security restricts it to that district, the district parameter fills the column.

-- name: recipient_get
SELECT kind, recipient_id, display_name, email, mobile, channels, preferred_language, languages,
       consents, profile_version, contact_version, active, erased_at IS NOT NULL AS erased
FROM recipients
WHERE kind = $1 AND recipient_id = $2

-- name: recipient_lock
SELECT kind, recipient_id, display_name, email, mobile, channels, preferred_language, languages,
       consents, profile_version, contact_version, active, erased_at IS NOT NULL AS erased
FROM recipients
WHERE kind = $1 AND recipient_id = $2
FOR UPDATE

-- name: recipient_touch_lock
-- A recipient seen before (the common case) is locked and read in this one statement; a new one
-- is created empty and locked by its insert. Empty when a concurrent insert of the same row
-- committed after this statement began: then `recipient_lock` reads it.
WITH touched AS (
    INSERT INTO recipients (district, kind, recipient_id) VALUES ($3, $1, $2)
    ON CONFLICT (district, kind, recipient_id) DO NOTHING
    RETURNING kind, recipient_id, display_name, email, mobile, channels, preferred_language,
              languages, consents, profile_version, contact_version, active,
              erased_at IS NOT NULL AS erased
)
SELECT * FROM touched
UNION ALL
SELECT * FROM (
    SELECT kind, recipient_id, display_name, email, mobile, channels, preferred_language, languages,
           consents, profile_version, contact_version, active, erased_at IS NOT NULL AS erased
    FROM recipients
    WHERE kind = $1 AND recipient_id = $2
    FOR UPDATE
) existing

-- name: person_profile_apply
-- The applied row, locked by the upsert until commit.
INSERT INTO recipients AS r (district, kind, recipient_id, preferred_language, languages, profile_version)
VALUES ($1, 'person', $2, $3, $4, $5)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET preferred_language = EXCLUDED.preferred_language,
    languages = EXCLUDED.languages,
    profile_version = EXCLUDED.profile_version,
    updated_at = now()
WHERE r.erased_at IS NULL AND (r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version)
RETURNING r.kind, r.recipient_id, r.display_name, r.email, r.mobile, r.channels, r.preferred_language,
          r.languages, r.consents, r.profile_version, r.contact_version, r.active,
          r.erased_at IS NOT NULL AS erased

-- name: person_registered_apply
-- Profile and consents of a registration at once, each part only over an older version of it;
-- the applied row, locked by the upsert until commit.
INSERT INTO recipients AS r (district, kind, recipient_id, preferred_language, languages, profile_version,
                             consents, consents_version)
VALUES ($1, 'person', $2, $3, $4, $6, $5, $6)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET preferred_language = CASE WHEN r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version
                              THEN EXCLUDED.preferred_language ELSE r.preferred_language END,
    languages = CASE WHEN r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version
                     THEN EXCLUDED.languages ELSE r.languages END,
    profile_version = GREATEST(r.profile_version, EXCLUDED.profile_version),
    consents = CASE WHEN r.consents_version IS NULL OR r.consents_version < EXCLUDED.consents_version
                    THEN EXCLUDED.consents ELSE r.consents END,
    consents_version = GREATEST(r.consents_version, EXCLUDED.consents_version),
    updated_at = now()
WHERE r.erased_at IS NULL
  AND (r.profile_version IS NULL OR r.profile_version < EXCLUDED.profile_version
       OR r.consents_version IS NULL OR r.consents_version < EXCLUDED.consents_version)
RETURNING r.kind, r.recipient_id, r.display_name, r.email, r.mobile, r.channels, r.preferred_language,
          r.languages, r.consents, r.profile_version, r.contact_version, r.active,
          r.erased_at IS NOT NULL AS erased

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
RETURNING r.kind, r.recipient_id, r.display_name, r.email, r.mobile, r.channels, r.preferred_language,
          r.languages, r.consents, r.profile_version, r.contact_version, r.active,
          r.erased_at IS NOT NULL AS erased

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
RETURNING r.kind, r.recipient_id, r.display_name, r.email, r.mobile, r.channels, r.preferred_language,
          r.languages, r.consents, r.profile_version, r.contact_version, r.active,
          r.erased_at IS NOT NULL AS erased

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

-- name: staff_keep
-- A coordinator named in the district's settings: the settings are the only source, so what
-- they say now replaces the entry (settings writes of a district are serialised by its row).
INSERT INTO recipients AS r (district, kind, recipient_id, display_name, email, channels,
                             preferred_language, profile_version, contact_version, active)
VALUES ($1, 'staff', $2, $3, $4, '{email}', $5, 1, 1, true)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = EXCLUDED.display_name,
    email = EXCLUDED.email,
    channels = EXCLUDED.channels,
    preferred_language = EXCLUDED.preferred_language,
    active = true,
    updated_at = now()

-- name: staff_retire
-- Coordinators no longer named in the settings: their address goes, nothing more is sent.
UPDATE recipients
SET display_name = NULL, email = NULL, channels = '{}', active = false, updated_at = now()
WHERE kind = 'staff' AND active AND NOT direct AND NOT (recipient_id = ANY($1::uuid[]))
RETURNING recipient_id

-- name: direct_keep
-- A requester as the event names them: the address comes with the event, so what it says
-- replaces the entry. The row stays locked until commit, so a concurrent release waits.
INSERT INTO recipients AS r (district, kind, recipient_id, display_name, email, channels,
                             preferred_language, profile_version, contact_version, active, direct)
VALUES ($1, 'staff', $2, $3, $4, $5, $6, 1, 1, true, true)
ON CONFLICT (district, kind, recipient_id) DO UPDATE
SET display_name = EXCLUDED.display_name,
    email = EXCLUDED.email,
    channels = EXCLUDED.channels,
    preferred_language = EXCLUDED.preferred_language,
    active = true,
    updated_at = now()

-- name: direct_lock
-- A requester's entry that still holds an address, locked: the release's first step. The check
-- for open messages must be a statement of its own, taken after this lock, so that it sees a
-- message that a transaction holding the lock wrote.
SELECT recipient_id FROM recipients
WHERE kind = 'staff' AND recipient_id = $1 AND direct AND display_name IS NOT NULL
FOR UPDATE

-- name: direct_release
UPDATE recipients r
SET display_name = NULL, email = NULL, channels = '{}', updated_at = now()
WHERE r.kind = 'staff' AND r.recipient_id = $1 AND r.direct
  AND NOT EXISTS (
      SELECT 1 FROM notifications n
      WHERE n.recipient_kind = 'staff' AND n.recipient_id = $1 AND n.status IN ('parked', 'delivering')
  )
