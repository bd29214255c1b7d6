-- name: jobs
-- The district's appointments of a month (by start, [$2, $3)) that an interpreter is owed for or
-- that record their work: completed, no-shows, and short-notice cancellations paid. Only the
-- district's own interpreters are named: a neighbouring pool's contact stays in its district.
SELECT a.appointment_id, a.interpreter_id,
       coalesce(a.interpreter_district, a.district) AS interpreter_district,
       i.display_name AS interpreter_name,
       a.starts_at, a.language, a.variety, a.mode, a.state, a.outcome, a.short_notice,
       a.minutes, a.kilometres, a.allowance_cents
FROM appointments a
LEFT JOIN interpreters i
       ON i.district = a.district AND i.interpreter_id = a.interpreter_id
      AND coalesce(a.interpreter_district, a.district) = a.district
WHERE a.district = $1 AND a.interpreter_id IS NOT NULL
  AND a.starts_at >= $2 AND a.starts_at < $3
  AND ($4::uuid IS NULL OR a.interpreter_id = $4)
  AND (a.state IN ('completed', 'no_show')
       OR (a.state = 'cancelled' AND a.short_notice AND a.allowance_cents > 0))
ORDER BY a.starts_at, a.appointment_id
