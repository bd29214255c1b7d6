-- Notifications: one per (cause event, recipient, template), parked until their recipient is
-- known, then composed and delivered. Every query runs in a district transaction (row-level
-- security); the district parameter fills the column.

-- name: notification_insert
-- With `$11` (why it waits), the parked step of its history in the same statement (the foreign
-- key is checked at the statement's end, when the notification is there). Without it, the
-- message is composed next: the district's settings come along (as JSON), a round trip less.
WITH inserted AS (
    INSERT INTO notifications (district, notification_id, cause_event_id, cause_type, correlation_id,
                               recipient_kind, recipient_id, template, sensitive, facts, status)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, 'parked')
    ON CONFLICT (district, cause_event_id, recipient_kind, recipient_id, template) DO NOTHING
    RETURNING notification_id
), parked AS (
    INSERT INTO delivery_history (district, notification_id, status, detail)
    SELECT $1, notification_id, 'parked', $11::text FROM inserted WHERE $11::text IS NOT NULL
)
SELECT notification_id,
       CASE WHEN $11::text IS NULL THEN (SELECT row_to_json(own)::text FROM district_settings own) END
           AS district_settings
FROM inserted

-- name: notifications_unpark
-- What waited for the recipient, locked, each with the unparked step of its history, and the
-- district's settings (as JSON) to compose them with.
WITH parked AS (
    SELECT district, notification_id, cause_event_id, correlation_id, recipient_kind, recipient_id,
           template, sensitive, facts::text AS facts, language, plan, created_at
    FROM notifications
    WHERE status = 'parked' AND recipient_kind = $1 AND recipient_id = $2
    FOR UPDATE
), unparked AS (
    INSERT INTO delivery_history (district, notification_id, status)
    SELECT district, notification_id, 'unparked' FROM parked
)
SELECT notification_id, cause_event_id, correlation_id, recipient_kind, recipient_id, template,
       sensitive, facts, language, plan,
       (SELECT row_to_json(own)::text FROM district_settings own) AS district_settings
FROM parked
ORDER BY created_at

-- name: notification_composed
-- The rendered message stored, the notification composed, and, when `$10` names a channel
-- that is due at once, its delivery queued: one statement. With a lease (`$11`, seconds) the
-- delivery is claimed at once for this process's sender (attempt 1, no NOTIFY); the claim's
-- attempt comes back, nothing when the delivery was there already. The message's time is the clock,
-- not the transaction's start: messages written together (a recipient's parked ones, released
-- at once) must not share a time, or paging the inbox by time would skip some.
WITH message AS (
    INSERT INTO messages (district, notification_id, recipient_id, subject, body_text, body_html,
                          sms_text, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())
), composed AS (
    UPDATE notifications
    SET language = $8, plan = $9, facts = NULL, status = 'delivering', updated_at = now()
    WHERE notification_id = $2
), delivery AS (
    INSERT INTO deliveries (district, notification_id, channel, status, attempts, lease_until)
    SELECT $1, $2, $10, CASE WHEN $11::float8 IS NULL THEN 'pending' ELSE 'sending' END,
           CASE WHEN $11::float8 IS NULL THEN 0 ELSE 1 END, now() + make_interval(secs => $11::float8)
    WHERE $10::text IS NOT NULL
    ON CONFLICT (district, notification_id, channel) DO NOTHING
    RETURNING attempts
), step AS (
    INSERT INTO delivery_history (district, notification_id, channel, status)
    SELECT $1, $2, $10, 'queued' WHERE $10::text IS NOT NULL
)
SELECT attempts FROM delivery

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
