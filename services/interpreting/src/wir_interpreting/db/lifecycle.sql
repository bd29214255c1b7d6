-- The steps after an interpreter was asked. Bookings are named by the requesting district (the
-- transaction's), which also reaches a neighbouring pool's booking of this appointment.

-- name: attempt_outcome
SELECT outcome FROM attempts WHERE appointment_id = $1 AND interpreter_id = $2

-- name: answer_attempt
UPDATE attempts SET outcome = $3, decline_reason = $4, answered_at = now()
WHERE appointment_id = $1 AND interpreter_id = $2

-- name: ask_again
UPDATE attempts SET outcome = 'asked', decline_reason = NULL, asked_at = now(), answered_at = NULL
WHERE appointment_id = $1 AND interpreter_id = $2

-- name: confirm
UPDATE appointments SET state = 'confirmed', version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING version

-- name: unassign
-- The interpreter is off the appointment; $2 says whether this step publishes (bumps the version).
UPDATE appointments
SET state = 'open', interpreter_id = NULL, interpreter_district = NULL, respond_by = NULL,
    version = version + $2, updated_at = now()
WHERE appointment_id = $1
RETURNING version

-- name: cancel
UPDATE appointments
SET state = 'cancelled', cancel_reason = $2, cancelled_by = $3, short_notice = $4, cancelled_at = $5,
    allowance_cents = $6, respond_by = NULL, version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING version

-- name: reschedule
-- Moved to [$2, $3); the interpreter is kept (asked again until $5) when $4, else let go.
UPDATE appointments
SET starts_at = $2, ends_at = $3,
    state = CASE WHEN $4 THEN 'assigned' ELSE 'open' END,
    interpreter_id = CASE WHEN $4 THEN interpreter_id END,
    interpreter_district = CASE WHEN $4 THEN interpreter_district END,
    respond_by = $5, version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING version

-- name: complete
UPDATE appointments
SET state = $2, outcome = $3, minutes = $4, kilometres = $5, allowance_cents = $6,
    version = version + 1, updated_at = now()
WHERE appointment_id = $1
RETURNING version

-- name: set_booking
-- Bumps the version: the interpreter (in a neighbouring pool: through its district) hears of it.
UPDATE bookings SET state = $3, version = version + 1, updated_at = now()
WHERE appointment_id = $1 AND interpreter_id = $2 AND requesting_district = current_setting('wir.district')
  AND state <> 'released'

-- name: finish_booking
-- Done is bookkeeping only: nothing to tell the interpreter, so the version stays.
UPDATE bookings SET state = 'done', updated_at = now()
WHERE appointment_id = $1 AND interpreter_id = $2 AND requesting_district = current_setting('wir.district')
  AND state <> 'released'

-- name: move_booking
-- The same travel buffers before and after, around the new time; held until confirmed again by $5.
UPDATE bookings
SET during = tstzrange($3::timestamptz - (starts_at - lower(during)),
                      $4::timestamptz + (upper(during) - ends_at), '[)'),
    starts_at = $3, ends_at = $4, respond_by = $5, state = 'held', version = version + 1,
    updated_at = now()
WHERE appointment_id = $1 AND interpreter_id = $2 AND requesting_district = current_setting('wir.district')
  AND state <> 'released'

-- name: due_for_expiry
SELECT appointment_id FROM appointments
WHERE state = 'assigned' AND respond_by <= $1
ORDER BY respond_by
LIMIT $2

-- name: savepoint
SAVEPOINT move_booking

-- name: rollback_to_savepoint
ROLLBACK TO SAVEPOINT move_booking

-- name: release_savepoint
RELEASE SAVEPOINT move_booking

-- name: still_granted
-- Whether the neighbouring pool's interpreter still serves this district.
SELECT EXISTS (
    SELECT 1 FROM pool_grants
    WHERE district = $1 AND interpreter_id = $2 AND grantee = current_setting('wir.district')
)
