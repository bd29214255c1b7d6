-- Deliveries: one per (notification, channel), claimed by the sender with a lease, and the
-- history of their steps. Every query runs in a district transaction (row-level security).

-- name: delivery_insert
INSERT INTO deliveries (district, notification_id, channel, status, attempts, held_until)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (district, notification_id, channel) DO NOTHING

-- name: deliveries_claim
-- `attempts` is the claim's token: renewals, the hand-over and the outcome name it, so a
-- claimant whose lease ran out and was taken over changes nothing any more.
WITH due AS (
    SELECT notification_id, channel,
           status = 'sending' AND handed_over_at IS NOT NULL AS after_hand_over
    FROM deliveries
    WHERE status = 'pending' OR (status = 'sending' AND lease_until < now())
    ORDER BY updated_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
UPDATE deliveries d
SET status = 'sending', attempts = d.attempts + 1, handed_over_at = NULL,
    lease_until = now() + make_interval(secs => $2), updated_at = now()
FROM due
WHERE d.notification_id = due.notification_id AND d.channel = due.channel
RETURNING d.notification_id, d.channel, d.attempts, due.after_hand_over

-- name: delivery_renew
UPDATE deliveries
SET lease_until = now() + make_interval(secs => $4)
WHERE notification_id = $1 AND channel = $2 AND status = 'sending' AND attempts = $3
RETURNING notification_id

-- name: delivery_hand_over
UPDATE deliveries
SET handed_over_at = now(), lease_until = now() + make_interval(secs => $4)
WHERE notification_id = $1 AND channel = $2 AND status = 'sending' AND attempts = $3
RETURNING notification_id

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
