-- name: candidates
-- Interpreters in reach (RLS: the district's own and those who granted it) who speak the
-- language, hold all three documents valid on the day ($4), were not asked for this appointment
-- and hold no booking during it (travel buffers are the exclusion constraint's to judge).
SELECT i.district, i.interpreter_id, i.modes, i.home_municipality, i.travel_km, i.municipalities,
       i.weekly, i.absences,
       ARRAY(SELECT l.variety FROM interpreter_languages l
             WHERE l.district = i.district AND l.interpreter_id = i.interpreter_id AND l.language = $1)
           AS varieties,
       EXISTS (SELECT 1 FROM appointments a
               WHERE $3::uuid IS NOT NULL AND a.person_id = $3 AND a.interpreter_id = i.interpreter_id
                 AND a.state IN ('confirmed', 'completed')) AS served_person,
       (SELECT count(*) FROM bookings b
        WHERE b.district = i.district AND b.interpreter_id = i.interpreter_id
          AND b.state IN ('held', 'confirmed', 'done') AND b.starts_at >= $7 AND b.starts_at < $8)
           AS month_load
FROM interpreters i
WHERE i.active
  AND EXISTS (SELECT 1 FROM interpreter_languages l
              WHERE l.district = i.district AND l.interpreter_id = i.interpreter_id AND l.language = $1)
  AND (SELECT count(*) FROM interpreter_documents d
       WHERE d.district = i.district AND d.interpreter_id = i.interpreter_id AND d.expires_on >= $4) = 3
  AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.appointment_id = $2 AND t.interpreter_id = i.interpreter_id)
  AND NOT EXISTS (SELECT 1 FROM bookings b
                  WHERE b.interpreter_id = i.interpreter_id AND b.state <> 'released'
                    AND b.during && tstzrange($5, $6))

-- name: outcomes
SELECT outcome FROM attempts WHERE appointment_id = $1

-- name: one
-- One interpreter in reach as a candidate, whatever the week, for a coordinator's own choice.
SELECT i.district, i.interpreter_id, i.modes, i.active,
       EXISTS (SELECT 1 FROM interpreter_languages l
               WHERE l.district = i.district AND l.interpreter_id = i.interpreter_id AND l.language = $2)
           AS speaks,
       (SELECT count(*) FROM interpreter_documents d
        WHERE d.district = i.district AND d.interpreter_id = i.interpreter_id AND d.expires_on >= $3) = 3
           AS compliant,
       i.home_municipality
FROM interpreters i
WHERE i.interpreter_id = $1
