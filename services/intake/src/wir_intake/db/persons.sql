-- Row-level security limits every statement to the transaction's district.

-- name: register
-- The person, their consents and the audit entry of the registration in one round trip. The
-- consents' foreign key is checked at the end of the statement, when the person is there.
-- created_at and updated_at are both the transaction's now(), returned for the answer.
WITH person AS (
    INSERT INTO persons (
        district, id, version, given_names, family_name, transliteration, preferred_name,
        name_tokens, name_phonetic, name_search,
        birth_year, birth_month, birth_day, gender, country_of_origin, nationalities,
        languages, preferred_language, phone, email, channels,
        municipality, arrival_date, residence_status, case_manager
    )
    VALUES (
        $1, $2, $3, $4, $5, $6, $7,
        $8::text[],
        ARRAY(SELECT DISTINCT code
              FROM unnest($8::text[]) AS t(word),
                   LATERAL (VALUES (dmetaphone(t.word)), (dmetaphone_alt(t.word))) AS v(code)
              WHERE code <> ''),
        array_to_string($8::text[], ' '),
        $9, $10, $11, $12, $13, $14::text[],
        $15::jsonb, $16, $17, $18, $19::text[],
        $20, $21, $22, $23
    )
    RETURNING district, id, created_at, updated_at
), consents AS (
    -- In the order given, as the consent store inserts them one by one.
    INSERT INTO consent_records (district, person_id, purpose, given, at, legal_basis, expires_at, recorded_by)
    SELECT person.district, person.id, c.purpose, c.given, COALESCE(c.at, now()), c.legal_basis,
           c.expires_at, $24
    FROM person,
         unnest($27::text[], $28::bool[], $29::timestamptz[], $30::text[], $31::timestamptz[])
             WITH ORDINALITY AS c(purpose, given, at, legal_basis, expires_at, n)
    ORDER BY c.n
), audit AS (
    INSERT INTO audit_log (district, actor, action, person_id, fields)
    SELECT person.district, $24, $25, person.id, $26::text[] FROM person
)
SELECT created_at, updated_at FROM person

-- name: update
UPDATE persons SET
    version = $2, given_names = $3, family_name = $4, transliteration = $5, preferred_name = $6,
    name_tokens = $7::text[],
    name_phonetic = ARRAY(SELECT DISTINCT code
                          FROM unnest($7::text[]) AS t(word),
                               LATERAL (VALUES (dmetaphone(t.word)), (dmetaphone_alt(t.word))) AS v(code)
                          WHERE code <> ''),
    name_search = array_to_string($7::text[], ' '),
    birth_year = $8, birth_month = $9, birth_day = $10, gender = $11, country_of_origin = $12,
    nationalities = $13::text[], languages = $14::jsonb, preferred_language = $15,
    phone = $16, email = $17, channels = $18::text[],
    municipality = $19, arrival_date = $20, residence_status = $21, case_manager = $22,
    updated_at = now()
WHERE id = $1

-- name: get
SELECT p.*, m.household_id
FROM persons p LEFT JOIN household_members m ON m.person_id = p.id
WHERE p.id = $1

-- name: lock
SELECT version FROM persons WHERE id = $1 FOR UPDATE

-- name: bump_version
UPDATE persons SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version

-- name: exists
SELECT EXISTS (SELECT 1 FROM persons WHERE id = $1)

-- name: existing_ids
-- KEY SHARE: an erasure of one of them waits for this transaction, or this one for the erasure
-- (and then finds the person gone); never a membership of a person deleted meanwhile.
SELECT id FROM persons WHERE id = ANY($1::uuid[]) FOR KEY SHARE

-- name: delete
DELETE FROM persons WHERE id = $1 RETURNING version

-- name: list
-- Newest first; the cursor is the (created_at, id) of the last row of the previous page.
SELECT id, given_names, family_name, transliteration, birth_year, municipality, residence_status,
       case_manager, arrival_date, created_at
FROM persons
WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1::timestamptz, $2::uuid))
  AND ($3::text IS NULL OR municipality = $3)
  AND ($4::text IS NULL OR residence_status = $4)
  AND ($5::text IS NULL OR case_manager = $5)
  AND ($6::text IS NULL OR languages @> jsonb_build_array(jsonb_build_object('language', $6::text)))
  AND ($7::text IS NULL OR country_of_origin = $7)
  AND ($8::date IS NULL OR arrival_date >= $8)
  AND ($9::date IS NULL OR arrival_date <= $9)
  AND ($10::int IS NULL OR birth_year = $10)
ORDER BY created_at DESC, id DESC
LIMIT $11

-- name: search
-- Each word of the query scores 1 if its double metaphone code is among the name's
-- (transliterations: Mohammed, Muhammad) and else its trigram word similarity (typos); a person
-- scores the mean over the query's words. A district holds thousands of people, not millions,
-- so the scan is cheap.
WITH scored AS (
    SELECT p.id, p.given_names, p.family_name, p.transliteration, p.birth_year, p.municipality,
           p.residence_status, p.case_manager, p.arrival_date, p.created_at,
           (SELECT avg(GREATEST(
                       CASE WHEN dmetaphone(w.word) <> ''
                                 AND (dmetaphone(w.word) = ANY (p.name_phonetic)
                                      OR dmetaphone_alt(w.word) = ANY (p.name_phonetic))
                            THEN 1.0 ELSE 0.0 END,
                       word_similarity(w.word, p.name_search)))
            FROM unnest($1::text[]) AS w(word))::float8 AS score,
           similarity(array_to_string($1::text[], ' '), p.name_search) AS closeness
    FROM persons p
    WHERE ($2::int IS NULL OR p.birth_year IS NULL OR p.birth_year = $2)
)
SELECT * FROM scored
WHERE score >= $3
ORDER BY score DESC, closeness DESC, created_at DESC, id
LIMIT $4

-- name: duplicates
-- The same person registered again: every word of the new name sounds like or nearly matches
-- a word of the existing one, and the birth years agree (or one of them is unknown).
SELECT p.id
FROM persons p
WHERE ($2::int IS NULL OR p.birth_year IS NULL OR p.birth_year = $2)
  AND NOT EXISTS (
      SELECT 1 FROM unnest($1::text[]) AS w(word)
      WHERE NOT ((dmetaphone(w.word) <> ''
                  AND (dmetaphone(w.word) = ANY (p.name_phonetic)
                       OR dmetaphone_alt(w.word) = ANY (p.name_phonetic)))
                 OR word_similarity(w.word, p.name_search) >= $3))
ORDER BY p.created_at DESC
LIMIT $4

-- name: summaries
SELECT id, given_names, family_name, transliteration, birth_year, municipality, residence_status,
       case_manager, arrival_date, created_at
FROM persons
WHERE id = ANY($1::uuid[])
ORDER BY created_at DESC, id DESC

-- name: registration_lock
-- Registrations that the duplicate check could find in each other take turns, so that the later
-- check sees the earlier person; others do not wait. $2 is the birth year (NULL: unknown), $3
-- every name word of the person (what a later check compares against: `name_phonetic` and
-- `name_search`), $4 one word of each name form this check compares, $5 the trigram word
-- similarity from which a word counts as matching (`duplicates`).
--
-- `duplicates` finds an earlier person E for a form F of the new person N only if EVERY word of
-- F, so also F's probe word w, matches E: w shares a double metaphone code with a word of E,
-- or word_similarity(w, E) >= $5. pg_trgm computes that similarity as shared / (|trigrams of w|
-- + |trigrams of E's best extent| - shared) <= shared / n, with n the trigrams of w; so at least
-- $5 * n of w's trigrams are among E's. Any floor(n * (1 - $5)) + 1 of w's trigrams therefore
-- include one of E's. So N takes exclusive locks on w's codes and on that many of w's trigrams
-- (the inner ones first: fewer names share them than a first or last letter), and every person
-- takes shared locks on all codes and trigrams of all their words: whichever of two people could
-- find the other holds an exclusive lock on a key the other holds at least shared.
-- Birth years: the check also needs equal years, or one unknown. A known year locks each key
-- for that year in its mode and for "any year" shared; an unknown year locks each key for "any
-- year" exclusively, so it waits for every year and every year for it.
WITH words(word, probe) AS (
    SELECT word, false FROM unnest($3::text[]) AS t(word)
    UNION ALL
    SELECT word, true FROM unnest($4::text[]) AS t(word)
), keys(key, exclusive) AS (
    SELECT 'p:' || v.code, w.probe
    FROM words w, LATERAL (VALUES (dmetaphone(w.word)), (dmetaphone_alt(w.word))) AS v(code)
    WHERE v.code <> ''
    UNION ALL
    SELECT 't:' || g, false FROM words w, unnest(show_trgm(w.word)) AS g WHERE NOT w.probe
    UNION ALL
    SELECT 't:' || p.g, true
    FROM words w,
         LATERAL (SELECT g FROM unnest(show_trgm(w.word)) AS g
                  ORDER BY g LIKE ' %' OR g LIKE '% ', g
                  LIMIT floor(cardinality(show_trgm(w.word)) * (1 - $5::float8))::int + 1) AS p
    WHERE w.probe
), scoped(key, exclusive) AS (
    SELECT key || '|' || $2::int, exclusive FROM keys WHERE $2::int IS NOT NULL
    UNION ALL
    SELECT key || '|*', $2::int IS NULL FROM keys
), locks AS (
    -- One mode per lock, taken in one order by every registration: no deadlock between them.
    -- Two keys hashing alike only make a registration wait that need not.
    SELECT hashtext($1::text || '|' || key) AS id, bool_or(exclusive) AS exclusive
    FROM scoped
    GROUP BY 1
    ORDER BY 1
)
SELECT id, exclusive,
       CASE WHEN exclusive THEN pg_advisory_xact_lock(hashtext('wir.intake.register'), id)
            ELSE pg_advisory_xact_lock_shared(hashtext('wir.intake.register'), id) END AS taken
FROM locks
ORDER BY id
