-- A district's welcome content and quiet hours, set by its coordinators. Every query runs in a
-- district transaction (row-level security); the district parameter fills the column.

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
