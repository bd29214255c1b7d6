-- The kit's own tables, created in every service schema before the service's migrations.

CREATE TABLE outbox (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       uuid        NOT NULL,
    district       text        NOT NULL,
    routing_key    text        NOT NULL,
    event_type     text        NOT NULL,
    correlation_id text,
    payload        text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    not_before     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    last_error     text,
    UNIQUE (district, event_id)
);

-- The relay only ever looks at unpublished rows, oldest due first.
CREATE INDEX outbox_due ON outbox (not_before, id) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- One wake-up per inserting statement, not per row: NOTIFY serialises commits, it is a hint.
CREATE FUNCTION outbox_wake_relay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wir_outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay();

CREATE TABLE inbox (
    district   text        NOT NULL,
    consumer   text        NOT NULL,
    event_id   uuid        NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, consumer, event_id)
);
