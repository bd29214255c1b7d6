-- name: bookings
-- The interpreter's calendar in their own district: bookings of this district's appointments
-- and of neighbouring districts' (requesting_district), overlapping [$3, $4) with travel.
SELECT appointment_id, requesting_district, state, language, variety, mode, municipality,
       starts_at, ends_at, lower(during) AS leaves_at, upper(during) AS back_at, respond_by
FROM bookings
WHERE district = $1 AND interpreter_id = $2 AND during && tstzrange($3, $4, '[)')
  AND ($5 OR state <> 'released')
ORDER BY starts_at, appointment_id
