-- name: insert_entry_version
INSERT INTO entry_versions (district, person_id, record_version, entry_id, kind, data, changed_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING changed_at

-- name: latest_entry_version
SELECT kind, data FROM entry_versions
WHERE district = $1 AND person_id = $2 AND entry_id = $3
ORDER BY record_version DESC
LIMIT 1

-- name: entries_as_of
-- Each entry as its last change before $3 left it; removed entries come back with NULL data.
SELECT DISTINCT ON (entry_id)
       entry_id, kind, data, changed_by, changed_at,
       first_value(changed_by) OVER created AS entered_by,
       first_value(changed_at) OVER created AS entered_at
FROM entry_versions
WHERE district = $1 AND person_id = $2 AND changed_at <= $3
WINDOW created AS (PARTITION BY entry_id ORDER BY record_version)
ORDER BY entry_id, record_version DESC

-- name: version_as_of
SELECT COALESCE(max(record_version), 0) FROM entry_versions
WHERE district = $1 AND person_id = $2 AND changed_at <= $3

-- name: history
SELECT record_version, entry_id, kind, data IS NULL AS removed, changed_by, changed_at
FROM entry_versions
WHERE district = $1 AND person_id = $2
ORDER BY record_version DESC
