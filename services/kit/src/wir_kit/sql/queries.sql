-- name: outbox_insert
INSERT INTO outbox (event_id, district, routing_key, event_type, correlation_id, payload, not_before)
VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7, now()))

-- name: outbox_insert_many
-- Several events of one transaction in one statement, ids in the order they were published.
INSERT INTO outbox (event_id, district, routing_key, event_type, correlation_id, payload, not_before)
SELECT event_id, district, routing_key, event_type, correlation_id, payload, COALESCE(not_before, now())
FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
     WITH ORDINALITY AS e(event_id, district, routing_key, event_type, correlation_id, payload, not_before, n)
ORDER BY n

-- name: outbox_insert_values
-- Followed by the rows as literals (Tx.outbox_statement), for the simple query that commits.
INSERT INTO outbox (event_id, district, routing_key, event_type, correlation_id, payload, not_before) VALUES

-- name: outbox_forget
DELETE FROM outbox WHERE payload::jsonb @> $1::jsonb

-- name: relay_try_lock
SELECT pg_try_advisory_lock(hashtext('wir.relay'), hashtext($1))

-- name: relay_due
SELECT id, event_id, district, routing_key, event_type, correlation_id, payload
FROM outbox
WHERE published_at IS NULL AND not_before <= now()
ORDER BY id
LIMIT $1

-- name: relay_next_due_in
SELECT EXTRACT(EPOCH FROM (min(not_before) - now()))::float8
FROM outbox
WHERE published_at IS NULL

-- name: relay_mark_published
-- Marks the rows and answers what relay_next_due_in would afterwards, in one statement. The
-- query sees the table as before the update, so the marked rows are left out by their ids.
WITH marked AS (
    UPDATE outbox SET published_at = now(), last_error = NULL WHERE id = ANY($1::bigint[])
)
SELECT EXTRACT(EPOCH FROM (min(not_before) - now()))::float8
FROM outbox
WHERE published_at IS NULL AND id <> ALL($1::bigint[])

-- name: relay_mark_failed
UPDATE outbox
SET attempts = attempts + 1,
    last_error = $2,
    not_before = now() + make_interval(secs => least($3 * power(2, attempts), 300))
WHERE id = $1

-- name: relay_prune
DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1)

-- name: relay_prune_inbox
DELETE FROM inbox WHERE handled_at < now() - make_interval(secs => $1)

-- name: migrations_table
CREATE TABLE IF NOT EXISTS schema_migrations (
    component  text        NOT NULL,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (component, name)
)

-- name: migrations_applied
SELECT component, name, checksum FROM schema_migrations

-- name: migrations_record
INSERT INTO schema_migrations (component, name, checksum) VALUES ($1, $2, $3)

-- name: migrate_lock
SELECT pg_advisory_xact_lock(hashtext('wir.migrate'), hashtext($1))

-- name: role_exists
SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)

-- name: create_group_role
SELECT format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS', $1::text)

-- name: create_login_role
-- NOINHERIT: a login has only its own privileges, even if a role were ever granted to it.
SELECT format('CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L',
              $1::text, $2::text)

-- name: alter_login_password
SELECT format('ALTER ROLE %I LOGIN NOINHERIT NOBYPASSRLS PASSWORD %L', $1::text, $2::text)

-- name: grant_role
SELECT format('GRANT %I TO %I', $1::text, $2::text)

-- name: revoke_role
SELECT format('REVOKE %I FROM %I', $1::text, $2::text)

-- name: role_member
SELECT EXISTS (SELECT 1 FROM pg_auth_members m
               JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
               WHERE r.rolname = $1 AND u.rolname = $2)

-- name: create_schema
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', $1::text, $2::text)

-- name: schema_tables
SELECT c.relname AS table_name,
       c.relrowsecurity AS rls,
       c.relforcerowsecurity AS forced,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'district' AND NOT a.attisdropped) AS has_district,
       EXISTS (SELECT 1 FROM pg_policy p
               WHERE p.polrelid = c.oid AND p.polname = 'district_isolation') AS has_policy
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
ORDER BY c.relname

-- name: isolate_table
SELECT format(
    'ALTER TABLE %1$I.%2$I ENABLE ROW LEVEL SECURITY; '
    'ALTER TABLE %1$I.%2$I FORCE ROW LEVEL SECURITY; '
    'CREATE POLICY district_isolation ON %1$I.%2$I '
    'USING (district = NULLIF(current_setting(''wir.district'', true), '''')) '
    'WITH CHECK (district = NULLIF(current_setting(''wir.district'', true), ''''))',
    $1::text, $2::text)

-- name: policy_exists
SELECT EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = $1 AND c.relname = $2 AND p.polname = $3)

-- name: relay_policy
SELECT format('CREATE POLICY relay_reads_all ON %1$I.outbox TO %2$I USING (true) WITH CHECK (true); '
              'GRANT SELECT, UPDATE, DELETE ON %1$I.outbox TO %2$I',
              $1::text, $2::text)

-- name: relay_inbox_policy
-- The relay prunes every district's old inbox claims (ids and times only, no payloads).
SELECT format('CREATE POLICY relay_prunes_all ON %1$I.inbox TO %2$I USING (true); '
              'GRANT SELECT, DELETE ON %1$I.inbox TO %2$I',
              $1::text, $2::text)

-- name: grant_app
SELECT format(
    'GRANT USAGE ON SCHEMA %1$I TO %2$I, %3$I; '
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %1$I TO %2$I; '
    'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %1$I TO %2$I; '
    'REVOKE ALL ON %1$I.schema_migrations FROM %2$I',
    $1::text, $2::text, $3::text)

-- name: extensions_lock
SELECT pg_advisory_xact_lock(hashtext('wir.extensions'))

-- name: create_extension
SELECT format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA public', $1::text)
