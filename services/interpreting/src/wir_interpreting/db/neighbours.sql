-- Bookings this district made in neighbouring pools' calendars that changed since their
-- interpreter was told (the requesting district's transaction: the grant policy shows them),
-- with the appointment they serve, which only this district can read.

-- name: untold
SELECT a.*, b.district AS pool_district, b.interpreter_id AS booked_interpreter,
       b.state AS booking_state, b.version AS booking_version, b.starts_at AS booking_starts_at,
       b.respond_by AS booking_respond_by, t.outcome AS attempt_outcome
FROM bookings b
JOIN appointments a ON a.district = b.requesting_district AND a.appointment_id = b.appointment_id
LEFT JOIN attempts t ON t.district = b.requesting_district AND t.appointment_id = b.appointment_id
                    AND t.interpreter_id = b.interpreter_id
WHERE b.requesting_district = $1 AND b.district <> $1 AND b.told_version < b.version
ORDER BY b.updated_at
LIMIT $2

-- name: told
-- In the interpreter's district: what they were told last, locked until this is told.
SELECT version, told_version, told_state, told_starts_at FROM bookings
WHERE district = $1 AND appointment_id = $2 AND interpreter_id = $3
FOR UPDATE

-- name: mark_told
UPDATE bookings SET told_version = $4, told_state = $5, told_starts_at = $6
WHERE district = $1 AND appointment_id = $2 AND interpreter_id = $3
