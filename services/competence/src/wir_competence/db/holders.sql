-- name: apply_identity
-- Only a newer version replaces the kept one; an erased person is not brought back.
INSERT INTO holders (district, person_id, name_original, name_latin, birth_year, birth_month, birth_day, version)
SELECT $1, $2, $3, $4, $5, $6, $7, $8
WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE district = $1 AND person_id = $2)
ON CONFLICT (district, person_id) DO UPDATE
SET name_original = EXCLUDED.name_original, name_latin = EXCLUDED.name_latin,
    birth_year = EXCLUDED.birth_year, birth_month = EXCLUDED.birth_month,
    birth_day = EXCLUDED.birth_day, version = EXCLUDED.version
WHERE holders.version < EXCLUDED.version

-- name: holder
SELECT name_original, name_latin, birth_year, birth_month, birth_day FROM holders
WHERE district = $1 AND person_id = $2

-- name: erase_holder
DELETE FROM holders WHERE district = $1 AND person_id = $2
