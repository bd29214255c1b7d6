-- name: today
-- The district's calendar day, which every document expiry is measured by (as the runs do).
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date

-- name: insert_volunteer
INSERT INTO volunteers (
    district, volunteer_id, version, display_name, email, mobile, channels, preferred_language,
    municipality, travel_km, languages, topics, capacity, gender, lotse_trained_on, weekly, absences,
    share_contact
)
VALUES ($1, $2, 1, $3, $4, $5, $6::text[], $7, $8, $9, $10::jsonb, $11::text[], $12, $13, $14,
        $15::jsonb, $16::jsonb, $17::jsonb)

-- name: update_volunteer
UPDATE volunteers
SET version = version + 1, display_name = $3, email = $4, mobile = $5, channels = $6::text[],
    preferred_language = $7, municipality = $8, travel_km = $9, languages = $10::jsonb,
    topics = $11::text[], capacity = $12, gender = $13, lotse_trained_on = $14, weekly = $15::jsonb,
    absences = $16::jsonb, share_contact = $17::jsonb, updated_at = now()
WHERE district = $1 AND volunteer_id = $2
RETURNING version

-- name: volunteer
SELECT * FROM volunteers WHERE district = $1 AND volunteer_id = $2

-- name: volunteer_for_update
SELECT * FROM volunteers WHERE district = $1 AND volunteer_id = $2 FOR UPDATE

-- name: volunteers_page
-- Keyset paging by id: stable under inserts, no offsets to skip.
SELECT * FROM volunteers
WHERE district = $1 AND ($2::uuid IS NULL OR volunteer_id > $2)
ORDER BY volunteer_id
LIMIT $3

-- name: deactivate
UPDATE volunteers SET active = false, version = version + 1, updated_at = now()
WHERE district = $1 AND volunteer_id = $2 AND active
RETURNING version

-- name: documents_of
SELECT volunteer_id, kind, expires_on, recorded_at FROM volunteer_documents
WHERE district = $1 AND volunteer_id = ANY($2::uuid[])
ORDER BY volunteer_id, kind

-- name: record_document
-- A new expiry date earns its own reminder; recording the same date again keeps the one sent.
INSERT INTO volunteer_documents (district, volunteer_id, kind, expires_on)
VALUES ($1, $2, $3, $4)
ON CONFLICT (district, volunteer_id, kind) DO UPDATE
SET expires_on = EXCLUDED.expires_on, recorded_at = now(),
    reminded_for = CASE WHEN volunteer_documents.expires_on = EXCLUDED.expires_on
                        THEN volunteer_documents.reminded_for END

-- name: lift_suspension
-- Lifted only when every required document is on record and valid today.
UPDATE volunteers v SET suspended = false, updated_at = now()
WHERE v.district = $1 AND v.volunteer_id = $2 AND v.suspended
  AND (SELECT count(*) FROM volunteer_documents d
       WHERE d.district = v.district AND d.volunteer_id = v.volunteer_id
         AND d.kind = ANY($3::text[])
         AND d.expires_on >= (now() AT TIME ZONE 'Europe/Berlin')::date) = cardinality($3::text[])

-- name: remind_expiring
-- Documents of active volunteers that expire within the reminder window and whose expiry has
-- not been reminded of yet; marked in the same statement, so each expiry is reminded once.
UPDATE volunteer_documents d SET reminded_for = d.expires_on
FROM volunteers v
WHERE d.district = $1 AND v.district = d.district AND v.volunteer_id = d.volunteer_id AND v.active
  AND d.expires_on >= (now() AT TIME ZONE 'Europe/Berlin')::date
  AND d.expires_on <= (now() AT TIME ZONE 'Europe/Berlin')::date + $2::int
  AND d.reminded_for IS DISTINCT FROM d.expires_on
RETURNING d.volunteer_id, d.kind, d.expires_on

-- name: suspend_expired
-- Active volunteers with an expired document, not yet suspended; the earliest expiry is reported.
WITH expired AS (
    SELECT DISTINCT ON (d.volunteer_id) d.volunteer_id, d.kind, d.expires_on
    FROM volunteer_documents d
    WHERE d.district = $1 AND d.expires_on < (now() AT TIME ZONE 'Europe/Berlin')::date
    ORDER BY d.volunteer_id, d.expires_on, d.kind
)
UPDATE volunteers v SET suspended = true, version = v.version + 1, updated_at = now()
FROM expired e
WHERE v.district = $1 AND v.volunteer_id = e.volunteer_id AND v.active AND NOT v.suspended
RETURNING v.volunteer_id, v.version, e.kind, e.expires_on

-- name: known
SELECT volunteer_id FROM volunteers WHERE district = $1 AND volunteer_id = ANY($2::uuid[])
