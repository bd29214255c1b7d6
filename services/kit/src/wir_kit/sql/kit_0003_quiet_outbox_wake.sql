-- A transaction of a process whose own relay is active sets wir.relay_here and wakes that relay
-- itself after its commit. A NOTIFY would signal every listening backend of the database
-- (PostgreSQL does so whatever the channel), each reading the queue in a transaction of its own.
CREATE OR REPLACE FUNCTION outbox_wake_relay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('wir.relay_here', true) IS DISTINCT FROM 'on' THEN
        PERFORM pg_notify('wir_outbox_' || TG_TABLE_SCHEMA, '');
    END IF;
    RETURN NULL;
END;
$$;
