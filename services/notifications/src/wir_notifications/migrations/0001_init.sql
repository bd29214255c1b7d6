-- Notifications: the recipient directory, notifications with their rendered content (the
-- inbox), deliveries per channel with their history, and each district's welcome content.

-- Fed only by events. A person needs both parts (profile: languages and consents; contact:
-- name, addresses, channels) before a message can be written; versions are per part.
CREATE TABLE recipients (
    district           text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('person', 'volunteer', 'interpreter')),
    recipient_id       uuid        NOT NULL,
    display_name       text,
    email              text,
    mobile             text,
    channels           text[]      NOT NULL DEFAULT '{}',
    preferred_language text,
    languages          text[]      NOT NULL DEFAULT '{}',
    -- NULL for volunteers and interpreters: they chose their channels themselves.
    consents           text[],
    profile_version    integer,
    contact_version    integer,
    consents_version   integer,
    active             boolean     NOT NULL DEFAULT true,
    -- A tombstone: the person was erased, and later events must not bring them back.
    erased_at          timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, kind, recipient_id)
);

-- The highest version seen of each appointment or match, so an older step is not announced.
CREATE TABLE aggregate_versions (
    district     text    NOT NULL,
    aggregate    text    NOT NULL,
    aggregate_id uuid    NOT NULL,
    version      integer NOT NULL,
    PRIMARY KEY (district, aggregate, aggregate_id)
);

CREATE TABLE notifications (
    district        text        NOT NULL,
    notification_id uuid        NOT NULL,
    cause_event_id  uuid        NOT NULL,
    cause_type      text        NOT NULL,
    correlation_id  text,
    recipient_kind  text        NOT NULL,
    recipient_id    uuid        NOT NULL,
    template        text        NOT NULL,
    sensitive       boolean     NOT NULL,
    -- What the template shows from the cause event; kept only while the recipient is unknown.
    facts           jsonb,
    language        text,
    plan            text[]      NOT NULL DEFAULT '{}',
    status          text        NOT NULL
                    CHECK (status IN ('parked', 'delivering', 'sent', 'failed', 'cancelled')),
    channel         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, notification_id),
    -- One notification per cause event and recipient, however often the event arrives.
    UNIQUE (district, cause_event_id, recipient_kind, recipient_id, template)
);
CREATE INDEX notifications_of_recipient ON notifications (district, recipient_id, created_at DESC);
CREATE INDEX notifications_parked ON notifications (district, created_at) WHERE status = 'parked';

-- The rendered message: what the inbox shows and the channels send. Erasure deletes it.
CREATE TABLE messages (
    district        text        NOT NULL,
    notification_id uuid        NOT NULL,
    recipient_id    uuid        NOT NULL,
    subject         text        NOT NULL,
    body_text       text        NOT NULL,
    body_html       text        NOT NULL,
    sms_text        text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz,
    PRIMARY KEY (district, notification_id),
    FOREIGN KEY (district, notification_id) REFERENCES notifications ON DELETE CASCADE
);
CREATE INDEX messages_inbox ON messages (district, recipient_id, created_at DESC);

-- One row per notification and channel tried: at most one e-mail, one SMS, one inbox entry.
CREATE TABLE deliveries (
    district        text        NOT NULL,
    notification_id uuid        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('email', 'sms', 'inbox')),
    status          text        NOT NULL
                    CHECK (status IN ('pending', 'held', 'sending', 'sent', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    lease_until     timestamptz,
    held_until      timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, notification_id, channel),
    FOREIGN KEY (district, notification_id) REFERENCES notifications ON DELETE CASCADE
);
CREATE INDEX deliveries_due ON deliveries (district, updated_at) WHERE status IN ('pending', 'sending');

-- What happened to each notification, in order; codes only, never a server's text.
CREATE TABLE delivery_history (
    district        text        NOT NULL,
    notification_id uuid        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    at              timestamptz NOT NULL DEFAULT now(),
    channel         text,
    status          text        NOT NULL,
    attempt         integer,
    detail          text,
    not_before      timestamptz,
    PRIMARY KEY (district, notification_id, seq),
    FOREIGN KEY (district, notification_id) REFERENCES notifications ON DELETE CASCADE
);

-- A district's welcome content and quiet hours, edited by its coordinators.
CREATE TABLE district_settings (
    district      text        NOT NULL PRIMARY KEY,
    contacts      jsonb       NOT NULL DEFAULT '[]',
    integreat_url text,
    quiet_start   time        NOT NULL,
    quiet_end     time        NOT NULL,
    time_zone     text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The sender wakes when a delivery becomes due, in every replica, at commit; the payload is
-- the district, so it looks only there. Identical notifications in one transaction fold.
CREATE FUNCTION deliveries_wake_sender() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wir_due_' || TG_TABLE_SCHEMA, NEW.district);
    RETURN NULL;
END;
$$;

CREATE TRIGGER deliveries_wake_sender AFTER INSERT OR UPDATE OF status ON deliveries
    FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION deliveries_wake_sender();
