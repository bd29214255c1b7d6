-- A district's welcome content, quiet hours and coordinators, set by its coordinators. Every
-- query runs in a district transaction (row-level security); the district parameter fills the column.

-- name: district_settings_get
-- As JSON, the form in which statements that compose a message bring the settings along.
SELECT row_to_json(own)::text FROM district_settings own

-- name: district_settings_put
INSERT INTO district_settings (district, contacts, integreat_url, quiet_start, quiet_end, time_zone,
                               coordinators)
VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7::jsonb)
ON CONFLICT (district) DO UPDATE
SET contacts = EXCLUDED.contacts,
    integreat_url = EXCLUDED.integreat_url,
    quiet_start = EXCLUDED.quiet_start,
    quiet_end = EXCLUDED.quiet_end,
    time_zone = EXCLUDED.time_zone,
    coordinators = EXCLUDED.coordinators,
    updated_at = now()

-- name: district_settings_seed
INSERT INTO district_settings (district, contacts, integreat_url, quiet_start, quiet_end, time_zone,
                               coordinators)
VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7::jsonb)
ON CONFLICT (district) DO NOTHING
RETURNING district
