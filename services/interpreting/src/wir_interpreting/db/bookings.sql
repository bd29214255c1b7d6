-- name: hold
-- A booking in the interpreter's calendar ($1: their district) for this district's appointment.
-- Asked again after a release, the same row is held again; the exclusion constraint judges both.
INSERT INTO bookings (
    district, appointment_id, requesting_district, interpreter_id, language, variety, mode,
    municipality, starts_at, ends_at, during, respond_by
)
VALUES ($1, $2, current_setting('wir.district'), $3, $4, $5, $6, $7, $8, $9, tstzrange($10, $11), $12)
ON CONFLICT (district, appointment_id, interpreter_id) DO UPDATE
SET state = 'held', language = EXCLUDED.language, variety = EXCLUDED.variety, mode = EXCLUDED.mode,
    municipality = EXCLUDED.municipality, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
    during = EXCLUDED.during, respond_by = EXCLUDED.respond_by, version = bookings.version + 1,
    updated_at = now()
WHERE bookings.state = 'released'

-- name: asked
INSERT INTO attempts (district, appointment_id, interpreter_id, interpreter_district, outcome, asked_at)
VALUES (current_setting('wir.district'), $1, $2, $3, 'asked', $4)
ON CONFLICT (district, appointment_id, interpreter_id) DO UPDATE
SET outcome = 'asked', interpreter_district = EXCLUDED.interpreter_district, decline_reason = NULL,
    asked_at = EXCLUDED.asked_at, answered_at = NULL

-- name: savepoint
SAVEPOINT hold

-- name: rollback_to_savepoint
ROLLBACK TO SAVEPOINT hold

-- name: release_savepoint
RELEASE SAVEPOINT hold
