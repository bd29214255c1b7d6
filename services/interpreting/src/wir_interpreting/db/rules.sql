-- name: load
SELECT version, lead_time_hours, answer_hours, flat_cents, hourly_cents, per_km_cents,
       short_notice_hours, short_notice_cancel_cents
FROM district_rules
