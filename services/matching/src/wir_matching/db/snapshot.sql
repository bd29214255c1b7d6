-- name: today
-- The district's calendar day: compliance documents and absences count in local days.
SELECT (now() AT TIME ZONE 'Europe/Berlin')::date

-- name: lock_district
-- One run per district at a time across replicas; released with the transaction. The schema is
-- part of the key: advisory locks are the whole database's.
SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '.matching_run:' || $1, 0))

-- name: take_run_request
-- A due request is taken by the run that serves it; a request made meanwhile stays for the next.
DELETE FROM run_requests WHERE district = $1 AND due_at <= now()
RETURNING due_at

-- name: mentors
-- Matchable volunteers: active, not suspended, every compliance document valid today. Full ones
-- come too (no free place): the assignment skips them but names them when a person waits for one.
SELECT v.volunteer_id, v.municipality, v.travel_km, v.languages, v.topics, v.weekly, v.absences, v.gender,
       greatest(v.capacity - load.open, 0)::integer AS free_places
FROM volunteers v
CROSS JOIN LATERAL (
    SELECT count(*) AS open FROM matches m
    WHERE m.district = v.district AND m.volunteer_id = v.volunteer_id AND m.state IN ('proposed', 'accepted')
) load
WHERE v.district = $1 AND v.active AND NOT v.suspended
  AND (SELECT count(DISTINCT d.kind) FROM volunteer_documents d
       WHERE d.district = v.district AND d.volunteer_id = v.volunteer_id
         AND d.kind = ANY ($2::text[]) AND d.expires_on >= $3) = cardinality($2::text[])
ORDER BY v.volunteer_id

-- name: open_needs
-- Every mentoring need without an open match, with what the person shares and their history:
-- previous mentors (running or completed mentorships of the person), and the volunteers who
-- declined or let this need's proposal expire, or whose match a coordinator took back (never
-- proposed for it again).
SELECT n.need_id, n.person_id, n.topics, n.urgency, n.open_since, n.mentor_gender,
       p.municipality, p.languages, p.german_level, $2 = ANY (p.consents) AS consented,
       ARRAY(SELECT DISTINCT m.volunteer_id FROM matches m
             WHERE m.district = n.district AND m.person_id = n.person_id
               AND (m.state = 'accepted' OR (m.state = 'ended' AND m.end_reason = 'completed'))) AS previous,
       ARRAY(SELECT DISTINCT m.volunteer_id FROM matches m
             WHERE m.district = n.district AND m.need_id = n.need_id
               AND (m.state IN ('declined', 'expired')
                    OR (m.state = 'withdrawn' AND m.withdraw_reason = 'by_coordinator'))) AS declined_by
FROM needs n
JOIN people p ON p.district = n.district AND p.person_id = n.person_id
WHERE n.district = $1
  AND NOT EXISTS (SELECT 1 FROM matches o
                  WHERE o.district = n.district AND o.need_id = n.need_id AND o.state IN ('proposed', 'accepted'))
ORDER BY n.open_since, n.need_id

-- name: clear_waiting
DELETE FROM waiting WHERE district = $1

-- name: insert_waiting
INSERT INTO waiting (district, need_id, person_id, reason, waiting_since)
SELECT $1, w.need_id, w.person_id, w.reason, w.waiting_since
FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[]) AS w(need_id, person_id, reason, waiting_since)
ON CONFLICT (district, need_id) DO UPDATE SET reason = EXCLUDED.reason, recorded_at = now()

-- name: waiting_list
-- Longest waiting first; days counted in the district's calendar.
SELECT w.need_id, w.person_id, w.reason, w.waiting_since, w.recorded_at,
       (now() AT TIME ZONE 'Europe/Berlin')::date - w.waiting_since AS days_waited
FROM waiting w
WHERE w.district = $1
ORDER BY w.waiting_since, w.need_id
LIMIT $2

-- name: forget_waiting
DELETE FROM waiting WHERE district = $1 AND person_id = $2

-- name: due_alerts
-- Needs waiting longer than allowed whose coordinators were not told in the last week; claimed.
SELECT w.need_id, w.person_id, w.reason, w.waiting_since,
       (now() AT TIME ZONE 'Europe/Berlin')::date - w.waiting_since AS days_waited
FROM waiting w
LEFT JOIN waiting_alerts a ON a.district = w.district AND a.need_id = w.need_id
WHERE w.district = $1
  AND (now() AT TIME ZONE 'Europe/Berlin')::date - w.waiting_since > $2
  AND (a.alerted_at IS NULL OR a.alerted_at <= now() - interval '7 days')
ORDER BY w.waiting_since, w.need_id
FOR UPDATE OF w SKIP LOCKED

-- name: mark_alerted
INSERT INTO waiting_alerts (district, need_id, alerted_at)
SELECT $1, unnest($2::uuid[]), now()
ON CONFLICT (district, need_id) DO UPDATE SET alerted_at = EXCLUDED.alerted_at
