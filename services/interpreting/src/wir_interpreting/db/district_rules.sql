-- name: save
INSERT INTO district_rules (
    district, version, lead_time_hours, answer_hours, flat_cents, hourly_cents, per_km_cents,
    short_notice_hours, short_notice_cancel_cents
)
VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (district) DO UPDATE
SET version = district_rules.version + 1, lead_time_hours = $2, answer_hours = $3, flat_cents = $4,
    hourly_cents = $5, per_km_cents = $6, short_notice_hours = $7, short_notice_cancel_cents = $8,
    updated_at = now()
RETURNING version
