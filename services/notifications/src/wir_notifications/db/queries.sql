-- Named queries of the notifications service. Every query runs in a district transaction:
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

-- name: aggregate_advance
INSERT INTO aggregate_versions AS a (district, aggregate, aggregate_id, version)
VALUES ($1, $2, $3, $4)
ON CONFLICT (district, aggregate, aggregate_id) DO UPDATE
SET version = EXCLUDED.version
WHERE a.version <= EXCLUDED.version
RETURNING version

-- name: notification_insert
INSERT INTO notifications (district, notification_id, cause_event_id, cause_type, correlation_id,
                           recipient_kind, recipient_id, template, sensitive, facts, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, 'parked')
ON CONFLICT (district, cause_event_id, recipient_kind, recipient_id, template) DO NOTHING
RETURNING notification_id

-- name: notifications_parked_for
SELECT notification_id, cause_event_id, correlation_id, recipient_kind, recipient_id, template,
       sensitive, facts::text AS facts, language, plan
FROM notifications
WHERE status = 'parked' AND recipient_kind = $1 AND recipient_id = $2
ORDER BY created_at
FOR UPDATE

-- name: notification_composed
UPDATE notifications
SET language = $2, plan = $3, facts = NULL, status = 'delivering', updated_at = now()
WHERE notification_id = $1

-- name: notification_finish
UPDATE notifications
SET status = $2, channel = $3, language = COALESCE(language, $4), facts = NULL, updated_at = now()
WHERE notification_id = $1

-- name: notifications_parked_expire
WITH expired AS (
    SELECT notification_id FROM notifications
    WHERE status = 'parked' AND created_at < now() - make_interval(secs => $1)
    ORDER BY created_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE notifications n
SET status = 'failed', facts = NULL, language = $3, updated_at = now()
FROM expired
WHERE n.notification_id = expired.notification_id
RETURNING n.notification_id, n.cause_event_id, n.correlation_id, n.recipient_kind, n.recipient_id,
          n.template, n.sensitive, NULL::text AS facts, n.language, n.plan

-- name: message_insert
-- The clock, not the transaction's start: messages written together (a recipient's parked ones,
-- released at once) must not share a time, or paging the inbox by time would skip some.
INSERT INTO messages (district, notification_id, recipient_id, subject, body_text, body_html, sms_text,
                      created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())

-- name: delivery_insert
INSERT INTO deliveries (district, notification_id, channel, status, attempts, held_until)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (district, notification_id, channel) DO NOTHING

-- name: deliveries_claim
WITH due AS (
    SELECT notification_id, channel FROM deliveries
    WHERE status = 'pending' OR (status = 'sending' AND lease_until < now())
    ORDER BY updated_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
UPDATE deliveries d
SET status = 'sending', attempts = d.attempts + 1,
    lease_until = now() + make_interval(secs => $2), updated_at = now()
FROM due
WHERE d.notification_id = due.notification_id AND d.channel = due.channel
RETURNING d.notification_id, d.channel, d.attempts

-- name: delivery_parcel
SELECT n.notification_id, n.language, m.subject, m.body_text, m.body_html, m.sms_text,
       n.recipient_kind AS kind, n.recipient_id, r.display_name, r.email, r.mobile,
       COALESCE(r.channels, '{}') AS channels, r.preferred_language,
       COALESCE(r.languages, '{}') AS languages, r.consents, r.profile_version, r.contact_version,
       COALESCE(r.active AND r.erased_at IS NULL, false) AS reachable
FROM notifications n
JOIN messages m ON m.notification_id = n.notification_id
LEFT JOIN recipients r ON r.kind = n.recipient_kind AND r.recipient_id = n.recipient_id
WHERE n.notification_id = $1

-- name: delivery_lock
SELECT d.status, d.attempts,
       n.notification_id, n.cause_event_id, n.correlation_id, n.recipient_kind, n.recipient_id,
       n.template, n.sensitive, NULL::text AS facts, n.language, n.plan
FROM deliveries d
JOIN notifications n ON n.notification_id = d.notification_id
WHERE d.notification_id = $1 AND d.channel = $2
FOR UPDATE OF d

-- name: delivery_update
UPDATE deliveries
SET status = $3, held_until = $4, lease_until = NULL, updated_at = now()
WHERE notification_id = $1 AND channel = $2

-- name: delivery_release
UPDATE deliveries
SET status = 'pending', held_until = NULL, updated_at = now()
WHERE notification_id = $1 AND channel = $2 AND status = 'held' AND attempts = $3
RETURNING notification_id

-- name: history_add
INSERT INTO delivery_history (district, notification_id, channel, status, attempt, detail, not_before)
VALUES ($1, $2, $3, $4, $5, $6, $7)

-- name: person_messages_erase
DELETE FROM messages WHERE recipient_id = $1

-- name: person_notifications_scrub
-- The language someone is written to in can hint at their origin; ids and outcomes stay.
UPDATE notifications
SET language = NULL, facts = NULL, updated_at = now()
WHERE recipient_kind = 'person' AND recipient_id = $1

-- name: recipient_notifications_cancel
UPDATE notifications
SET status = 'cancelled', facts = NULL, updated_at = now()
WHERE recipient_kind = $1 AND recipient_id = $2 AND status IN ('parked', 'delivering')
RETURNING notification_id

-- name: recipient_deliveries_cancel
UPDATE deliveries d
SET status = 'cancelled', lease_until = NULL, held_until = NULL, updated_at = now()
FROM notifications n
WHERE n.notification_id = d.notification_id
  AND n.recipient_kind = $1 AND n.recipient_id = $2
  AND d.status IN ('pending', 'held', 'sending')

-- name: inbox_list
SELECT m.notification_id, n.template, n.language, m.subject, m.body_text AS text, m.body_html AS html,
       m.created_at, m.read_at
FROM messages m
JOIN notifications n ON n.notification_id = m.notification_id
WHERE m.recipient_id = $1 AND ($3::timestamptz IS NULL OR m.created_at < $3)
ORDER BY m.created_at DESC, m.notification_id
LIMIT $2

-- name: inbox_mark_read
UPDATE messages
SET read_at = COALESCE(read_at, now())
WHERE notification_id = $1 AND recipient_id = $2
RETURNING read_at

-- name: person_notifications
SELECT notification_id, template, language, status, channel, created_at, updated_at
FROM notifications
WHERE recipient_kind = 'person' AND recipient_id = $1
ORDER BY created_at DESC, notification_id
LIMIT $2

-- name: notifications_history
SELECT notification_id, at, channel, status, attempt, detail, not_before
FROM delivery_history
WHERE notification_id = ANY($1::uuid[])
ORDER BY notification_id, seq

-- name: district_settings_get
SELECT contacts::text AS contacts, integreat_url, quiet_start, quiet_end, time_zone, updated_at
FROM district_settings

-- name: district_settings_put
INSERT INTO district_settings (district, contacts, integreat_url, quiet_start, quiet_end, time_zone)
VALUES ($1, $2::jsonb, $3, $4, $5, $6)
ON CONFLICT (district) DO UPDATE
SET contacts = EXCLUDED.contacts,
    integreat_url = EXCLUDED.integreat_url,
    quiet_start = EXCLUDED.quiet_start,
    quiet_end = EXCLUDED.quiet_end,
    time_zone = EXCLUDED.time_zone,
    updated_at = now()

-- name: district_settings_seed
INSERT INTO district_settings (district, contacts, integreat_url, quiet_start, quiet_end, time_zone)
VALUES ($1, $2::jsonb, $3, $4, $5, $6)
ON CONFLICT (district) DO NOTHING
RETURNING district
