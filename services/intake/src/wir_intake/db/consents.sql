-- name: insert
INSERT INTO consent_records (district, person_id, purpose, given, at, legal_basis, expires_at, recorded_by)
VALUES ($1, $2, $3, $4, COALESCE($5, now()), $6, $7, $8)

-- name: of_person
-- Oldest first, so that the last record of a purpose is the one that decides.
SELECT * FROM consent_records WHERE person_id = $1 ORDER BY at, id

-- name: claim_expired
-- Expiries not yet announced whose record still decides its purpose; marked in the same
-- statement, so each expiry is announced once even with several replicas checking at once.
UPDATE consent_records c SET expiry_announced = true
WHERE c.given AND NOT c.expiry_announced AND c.expires_at <= now()
  AND NOT EXISTS (
      SELECT 1 FROM consent_records later
      WHERE later.person_id = c.person_id AND later.purpose = c.purpose
        AND (later.at, later.id) > (c.at, c.id))
RETURNING c.person_id
