-- Deliveries: one per (notification, channel), claimed by the sender with a lease, and the
-- history of their steps. Every query runs in a district transaction (row-level security).

-- name: delivery_insert
INSERT INTO deliveries (district, notification_id, channel, status, attempts, held_until)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (district, notification_id, channel) DO NOTHING

-- name: deliveries_claim
-- `attempts` is the claim's token: renewals, the hand-over and the outcome name it, so a
-- claimant whose lease ran out and was taken over changes nothing any more. Each claimed row
-- comes with its parcel (message and current addresses; NULLs when the message is gone), so
-- that the sender needs no second transaction to read it.
WITH due AS (
    SELECT notification_id, channel,
           status = 'sending' AND handed_over_at IS NOT NULL AS after_hand_over
    FROM deliveries
    WHERE status = 'pending' OR (status = 'sending' AND lease_until < now())
    ORDER BY updated_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE deliveries d
    SET status = 'sending', attempts = d.attempts + 1, handed_over_at = NULL,
        lease_until = now() + make_interval(secs => $2), updated_at = now()
    FROM due
    WHERE d.notification_id = due.notification_id AND d.channel = due.channel
    RETURNING d.notification_id, d.channel, d.attempts, due.after_hand_over
)
SELECT c.notification_id, c.channel, c.attempts, c.after_hand_over,
       m.notification_id IS NOT NULL AS has_message,
       n.language, m.subject, m.body_text, m.body_html, m.sms_text,
       n.recipient_kind AS kind, n.recipient_id, r.display_name, r.email, r.mobile,
       COALESCE(r.channels, '{}') AS channels, r.preferred_language,
       COALESCE(r.languages, '{}') AS languages, r.consents, r.profile_version, r.contact_version,
       COALESCE(r.active AND r.erased_at IS NULL, false) AS reachable
FROM claimed c
JOIN notifications n ON n.notification_id = c.notification_id
LEFT JOIN messages m ON m.notification_id = c.notification_id
LEFT JOIN recipients r ON r.kind = n.recipient_kind AND r.recipient_id = n.recipient_id

-- name: delivery_renew
UPDATE deliveries
SET lease_until = now() + make_interval(secs => $4)
WHERE notification_id = $1 AND channel = $2 AND status = 'sending' AND attempts = $3
RETURNING notification_id

-- name: delivery_hand_over
-- Sent alone, in one round trip (Db.alone): the names in braces are written in as constants.
UPDATE deliveries
SET handed_over_at = now(), lease_until = now() + make_interval(secs => {lease_s})
WHERE notification_id = {notification_id} AND channel = {channel} AND status = 'sending'
  AND attempts = {attempts}

-- name: delivery_lock
SELECT d.status, d.attempts,
       n.notification_id, n.cause_event_id, n.correlation_id, n.recipient_kind, n.recipient_id,
       n.template, n.sensitive, NULL::text AS facts, n.language, n.plan
FROM deliveries d
JOIN notifications n ON n.notification_id = d.notification_id
WHERE d.notification_id = $1 AND d.channel = $2
FOR UPDATE OF d

-- name: delivery_sent
-- The common outcome in one statement: the delivery sent (if this claim still holds it), its
-- history step, the notification finished; returns the notification for NotificationSent.
WITH sent AS (
    UPDATE deliveries
    SET status = 'sent', held_until = NULL, lease_until = NULL, updated_at = now()
    WHERE notification_id = $1 AND channel = $2 AND status = 'sending' AND attempts = $3
    RETURNING district, notification_id, channel, attempts
), step AS (
    INSERT INTO delivery_history (district, notification_id, channel, status, attempt, detail)
    SELECT district, notification_id, channel, 'sent', attempts, $4 FROM sent
)
UPDATE notifications n
SET status = 'sent', channel = sent.channel, facts = NULL, updated_at = now()
FROM sent
WHERE n.notification_id = sent.notification_id
RETURNING n.notification_id, n.cause_event_id, n.correlation_id, n.recipient_kind, n.recipient_id,
          n.template, n.sensitive, NULL::text AS facts, n.language, n.plan

-- name: delivery_sent_alone
-- `delivery_sent` and its NotificationSent (built beforehand from the notification as composed)
-- in one round trip (`Db.alone`, a template of constants): the event only if this claim still
-- held the delivery, when the status is "INSERT 0 1".
WITH sent AS (
    UPDATE deliveries
    SET status = 'sent', held_until = NULL, lease_until = NULL, updated_at = now()
    WHERE notification_id = {notification_id} AND channel = {channel} AND status = 'sending'
      AND attempts = {attempts}
    RETURNING district, notification_id, channel, attempts
), step AS (
    INSERT INTO delivery_history (district, notification_id, channel, status, attempt, detail)
    SELECT district, notification_id, channel, 'sent', attempts, {detail} FROM sent
), finished AS (
    UPDATE notifications n
    SET status = 'sent', channel = sent.channel, facts = NULL, updated_at = now()
    FROM sent
    WHERE n.notification_id = sent.notification_id
)
{outbox_insert}
WHERE EXISTS (SELECT FROM sent)

-- name: delivery_update
UPDATE deliveries
SET status = $3, held_until = $4, lease_until = NULL, updated_at = now()
WHERE notification_id = $1 AND channel = $2

-- name: delivery_release
UPDATE deliveries
SET status = 'pending', held_until = NULL, updated_at = now()
WHERE notification_id = $1 AND channel = $2 AND status = 'held' AND attempts = $3
RETURNING notification_id

-- name: recipient_deliveries_cancel
UPDATE deliveries d
SET status = 'cancelled', lease_until = NULL, held_until = NULL, updated_at = now()
FROM notifications n
WHERE n.notification_id = d.notification_id
  AND n.recipient_kind = $1 AND n.recipient_id = $2
  AND d.status IN ('pending', 'held', 'sending')

-- name: history_add
INSERT INTO delivery_history (district, notification_id, channel, status, attempt, detail, not_before)
VALUES ($1, $2, $3, $4, $5, $6, $7)
