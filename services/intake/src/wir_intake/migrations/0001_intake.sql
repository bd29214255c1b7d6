-- Intake's records. Every key starts with the district: unique and foreign keys ignore RLS.

CREATE TABLE persons (
    district           text        NOT NULL,
    id                 uuid        NOT NULL,
    version            integer     NOT NULL CHECK (version >= 1),
    given_names        text        NOT NULL,
    family_name        text,
    transliteration    text,
    preferred_name     text,
    -- Search keys: ASCII-folded lower-case words of every name form, their double metaphone
    -- codes, and the words joined for trigram similarity.
    name_tokens        text[]      NOT NULL,
    name_phonetic      text[]      NOT NULL,
    name_search        text        NOT NULL,
    birth_year         smallint,
    birth_month        smallint CHECK (birth_month IS NULL OR birth_year IS NOT NULL),
    birth_day          smallint CHECK (birth_day IS NULL OR birth_month IS NOT NULL),
    gender             text,
    country_of_origin  text,
    nationalities      text[]      NOT NULL,
    languages          jsonb       NOT NULL,
    preferred_language text        NOT NULL,
    phone              text,
    email              text,
    channels           text[]      NOT NULL,
    municipality       text        NOT NULL CHECK (municipality LIKE district || '%'),
    arrival_date       date,
    residence_status   text        NOT NULL,
    case_manager       text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, id)
);
CREATE INDEX persons_languages ON persons USING gin (languages jsonb_path_ops);
CREATE INDEX persons_newest ON persons (district, created_at DESC, id DESC);

CREATE TABLE households (
    district   text        NOT NULL,
    id         uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, id)
);

CREATE TABLE household_members (
    district     text NOT NULL,
    household_id uuid NOT NULL,
    person_id    uuid NOT NULL,
    relation     text NOT NULL,
    position     integer NOT NULL,
    PRIMARY KEY (district, household_id, person_id),
    -- A person belongs to at most one household.
    UNIQUE (district, person_id),
    FOREIGN KEY (district, household_id) REFERENCES households (district, id) ON DELETE CASCADE,
    FOREIGN KEY (district, person_id) REFERENCES persons (district, id) ON DELETE CASCADE
);

CREATE TABLE needs (
    district   text        NOT NULL,
    id         uuid        NOT NULL,
    person_id  uuid        NOT NULL,
    kind       text        NOT NULL,
    topics     text[]      NOT NULL,
    language   text,
    urgency    text        NOT NULL,
    notes      text,
    status     text        NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, id),
    FOREIGN KEY (district, person_id) REFERENCES persons (district, id) ON DELETE CASCADE
);
CREATE INDEX needs_person ON needs (district, person_id, created_at);
CREATE INDEX needs_newest ON needs (district, created_at DESC, id DESC);

CREATE TABLE consent_records (
    district         text        NOT NULL,
    id               bigserial   NOT NULL,
    person_id        uuid        NOT NULL,
    purpose          text        NOT NULL,
    given            boolean     NOT NULL,
    at               timestamptz NOT NULL,
    legal_basis      text        NOT NULL,
    expires_at       timestamptz,
    recorded_by      text        NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    -- Set once the expiry has been announced with ConsentChanged.
    expiry_announced boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (district, id),
    FOREIGN KEY (district, person_id) REFERENCES persons (district, id) ON DELETE CASCADE
);
CREATE INDEX consent_records_person ON consent_records (district, person_id, purpose, at DESC, id DESC);
CREATE INDEX consent_records_expiring ON consent_records (district, expires_at)
    WHERE given AND NOT expiry_announced AND expires_at IS NOT NULL;

CREATE TABLE timeline_entries (
    district      text        NOT NULL,
    event_id      uuid        NOT NULL,
    person_id     uuid        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    producer      text        NOT NULL,
    event_type    text        NOT NULL,
    event_version text        NOT NULL,
    details       jsonb       NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, event_id),
    FOREIGN KEY (district, person_id) REFERENCES persons (district, id) ON DELETE CASCADE
);
CREATE INDEX timeline_entries_person ON timeline_entries (district, person_id, occurred_at DESC, event_id DESC);

-- Kept after the person is gone: the proof that erasure was asked for and finished everywhere.
CREATE TABLE erasure_requests (
    district     text        NOT NULL,
    id           uuid        NOT NULL,
    person_id    uuid        NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    overdue_at   timestamptz,
    completed_at timestamptz,
    PRIMARY KEY (district, id),
    UNIQUE (district, person_id)
);
CREATE INDEX erasure_requests_open ON erasure_requests (district, requested_at) WHERE completed_at IS NULL;

CREATE TABLE erasure_confirmations (
    district     text        NOT NULL,
    request_id   uuid        NOT NULL,
    service      text        NOT NULL,
    event_id     uuid        NOT NULL,
    confirmed_at timestamptz NOT NULL,
    PRIMARY KEY (district, request_id, service),
    FOREIGN KEY (district, request_id) REFERENCES erasure_requests (district, id)
);

-- Who read or changed which person's record, and which fields; never the values.
CREATE TABLE audit_log (
    district  text        NOT NULL,
    id        bigserial   NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    action    text        NOT NULL,
    person_id uuid        NOT NULL,
    fields    text[]      NOT NULL,
    PRIMARY KEY (district, id)
);
CREATE INDEX audit_log_person ON audit_log (district, person_id, id DESC);

-- The answer to a POST, kept so that a retry with the same key gets it again.
CREATE TABLE idempotency_keys (
    district    text        NOT NULL,
    actor       text        NOT NULL,
    key         text        NOT NULL,
    fingerprint text        NOT NULL,
    status_code integer,
    response    jsonb,
    person_id   uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, actor, key)
);
CREATE INDEX idempotency_keys_person ON idempotency_keys (district, person_id);
CREATE INDEX idempotency_keys_age ON idempotency_keys (district, created_at);
