-- name: insert_document
INSERT INTO documents (district, code, person_id, record_version, language, issued_at, holder_initials)
VALUES ($1, $2, $3, $4, $5, $6, $7)

-- name: document
SELECT d.record_version, d.issued_at, d.holder_initials, r.version AS current_version
FROM documents d
JOIN records r ON r.district = d.district AND r.person_id = d.person_id
WHERE d.district = $1 AND d.code = $2
