-- The inbox: every message as written, kept for its recipient to read. Every query runs in a
-- district transaction (row-level security); the district parameter fills the column.

-- name: person_messages_erase
DELETE FROM messages WHERE recipient_id = $1

-- name: inbox_list
SELECT m.notification_id, n.template, n.language, m.subject, m.body_text AS text, m.body_html AS html,
       m.created_at, m.read_at
FROM messages m
JOIN notifications n ON n.notification_id = m.notification_id
WHERE m.recipient_id = $1 AND n.recipient_kind = ANY($4::text[])
  AND ($3::timestamptz IS NULL OR m.created_at < $3)
ORDER BY m.created_at DESC, m.notification_id
LIMIT $2

-- name: inbox_mark_read
UPDATE messages
SET read_at = COALESCE(read_at, now())
WHERE notification_id = $1 AND recipient_id = $2
  AND EXISTS (SELECT 1 FROM notifications n
              WHERE n.notification_id = messages.notification_id AND n.recipient_kind = ANY($3::text[]))
RETURNING read_at

-- name: linked_message
-- The message a signed link names, as written (the district is the link's, by the transaction).
SELECT m.subject, m.body_text AS text, n.language, n.recipient_kind
FROM messages m
JOIN notifications n ON n.notification_id = m.notification_id
WHERE m.notification_id = $1
