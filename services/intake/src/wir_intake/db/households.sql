-- name: insert
INSERT INTO households (district, id) VALUES ($1, $2) RETURNING created_at

-- name: touch
UPDATE households SET updated_at = now() WHERE id = $1 RETURNING updated_at

-- name: get
SELECT * FROM households WHERE id = $1

-- name: lock
SELECT * FROM households WHERE id = $1 FOR UPDATE

-- name: members
SELECT person_id, relation FROM household_members WHERE household_id = $1 ORDER BY position

-- name: remove_members
DELETE FROM household_members WHERE household_id = $1

-- name: add_member
INSERT INTO household_members (district, household_id, person_id, relation, position)
VALUES ($1, $2, $3, $4, $5)

-- name: taken
-- Members of the given people who already belong to another household.
SELECT person_id FROM household_members WHERE person_id = ANY($1::uuid[]) AND household_id <> $2

-- name: remove_empty
DELETE FROM households h WHERE NOT EXISTS (SELECT 1 FROM household_members m WHERE m.household_id = h.id)
  AND h.id = $1
