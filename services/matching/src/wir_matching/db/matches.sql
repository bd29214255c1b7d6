-- name: withdraw_of_person
-- Open proposals and running mentorships of a person (or of some of their needs).
UPDATE matches
SET state = 'withdrawn', version = version + 1, withdraw_reason = $3, answered_at = coalesce(answered_at, now())
WHERE district = $1 AND person_id = $2 AND state IN ('proposed', 'accepted')
  AND ($4::uuid[] IS NULL OR need_id = ANY ($4::uuid[]))
RETURNING match_id, version, person_id, volunteer_id

-- name: withdraw_of_volunteer
UPDATE matches
SET state = 'withdrawn', version = version + 1, withdraw_reason = $3, answered_at = coalesce(answered_at, now())
WHERE district = $1 AND volunteer_id = $2 AND state IN ('proposed', 'accepted')
RETURNING match_id, version, person_id, volunteer_id

-- name: delete_of_person
DELETE FROM matches WHERE district = $1 AND person_id = $2

-- name: insert_proposal
-- The partial unique index refuses a second open match of one need: nothing is inserted then.
INSERT INTO matches (district, match_id, version, person_id, need_id, volunteer_id, state, score, reasons,
                     proposed_at, respond_by)
VALUES ($1, $2, 1, $3, $4, $5, 'proposed', $6, $7::jsonb, now(), now() + make_interval(days => $8))
ON CONFLICT DO NOTHING
RETURNING respond_by

-- name: match_for_update
SELECT match_id, version, person_id, need_id, volunteer_id, state, respond_by, respond_by <= now() AS overdue
FROM matches
WHERE district = $1 AND match_id = $2
FOR UPDATE

-- name: volunteer_of
SELECT volunteer_id FROM matches WHERE district = $1 AND match_id = $2

-- name: accept
UPDATE matches SET state = 'accepted', version = version + 1, answered_at = now()
WHERE district = $1 AND match_id = $2
RETURNING version

-- name: decline
UPDATE matches SET state = 'declined', version = version + 1, answered_at = now(), decline_reason = $3
WHERE district = $1 AND match_id = $2
RETURNING version

-- name: withdraw_one
UPDATE matches
SET state = 'withdrawn', version = version + 1, withdraw_reason = $3, answered_at = coalesce(answered_at, now())
WHERE district = $1 AND match_id = $2
RETURNING version

-- name: end_mentorship
UPDATE matches SET state = 'ended', version = version + 1, end_reason = $3, ended_on = $4
WHERE district = $1 AND match_id = $2
RETURNING version

-- name: expire_due
-- Claimed with SKIP LOCKED: a replica answering one of them meanwhile keeps it.
UPDATE matches m SET state = 'expired', version = m.version + 1
FROM (SELECT match_id FROM matches
      WHERE district = $1 AND state = 'proposed' AND respond_by <= now()
      ORDER BY respond_by
      LIMIT $2
      FOR UPDATE SKIP LOCKED) due
WHERE m.district = $1 AND m.match_id = due.match_id
RETURNING m.match_id, m.version, m.person_id, m.volunteer_id

-- name: lock_volunteer
-- Locked against a parallel accept; the running mentorships are counted after the lock (next query),
-- so that the count sees what an accept that held the lock before has committed.
SELECT capacity, share_contact FROM volunteers WHERE district = $1 AND volunteer_id = $2 FOR UPDATE

-- name: running_mentorships
SELECT count(*) FROM matches WHERE district = $1 AND volunteer_id = $2 AND state = 'accepted'

-- name: list_matches
SELECT m.match_id, m.version, m.person_id, m.need_id, m.volunteer_id, m.state, m.score, m.reasons,
       m.proposed_at, m.respond_by, m.answered_at, m.decline_reason, m.withdraw_reason, m.end_reason,
       m.ended_on, n.topics, p.municipality
FROM matches m
LEFT JOIN needs n ON n.district = m.district AND n.need_id = m.need_id
LEFT JOIN people p ON p.district = m.district AND p.person_id = m.person_id
WHERE m.district = $1
  AND ($2::text IS NULL OR m.state = $2)
  AND ($3::uuid IS NULL OR m.person_id = $3)
  AND ($4::uuid IS NULL OR m.volunteer_id = $4)
ORDER BY m.proposed_at DESC, m.match_id
LIMIT $5

-- name: volunteer_view
-- What a volunteer sees of their proposals: the topics, the municipality and (in the reasons) the
-- languages they share; nothing else about the person.
SELECT m.match_id, m.state, m.reasons, m.proposed_at, m.respond_by, m.answered_at,
       n.topics, p.municipality
FROM matches m
LEFT JOIN needs n ON n.district = m.district AND n.need_id = m.need_id
LEFT JOIN people p ON p.district = m.district AND p.person_id = m.person_id
WHERE m.district = $1 AND m.volunteer_id = $2
  AND ($3::text IS NULL OR m.state = $3)
ORDER BY m.proposed_at DESC, m.match_id
LIMIT $4

-- name: proposal_context
-- What the answer page shows: the need's topics, the person's municipality, the shared languages.
SELECT m.state, m.respond_by, m.respond_by <= now() AS overdue, m.reasons, n.topics, p.municipality
FROM matches m
LEFT JOIN needs n ON n.district = m.district AND n.need_id = m.need_id
LEFT JOIN people p ON p.district = m.district AND p.person_id = m.person_id
WHERE m.district = $1 AND m.match_id = $2 AND m.volunteer_id = $3
