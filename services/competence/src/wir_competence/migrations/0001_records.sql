-- One Kompetenznachweis per person. What intake tells about the person (preferred language,
-- consents) is kept with the version it came with, so late or redelivered events change nothing.
CREATE TABLE records (
    district           text        NOT NULL,
    person_id          uuid        NOT NULL,
    -- Counts the changes of the entries; 0 while the record is empty.
    version            integer     NOT NULL DEFAULT 0,
    preferred_language text,
    profile_version    integer     NOT NULL DEFAULT 0,
    consents           text[]      NOT NULL DEFAULT '{}',
    consent_version    integer     NOT NULL DEFAULT 0,
    opened_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, person_id)
);

-- Erased people: events about them that arrive later must not open their record again.
CREATE TABLE tombstones (
    district   text        NOT NULL,
    person_id  uuid        NOT NULL,
    request_id uuid        NOT NULL,
    erased_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, person_id)
);

-- Every change of every entry, never updated: the current record and the record as it was at
-- any past moment are both read from here. `data` is NULL where the change removed the entry.
CREATE TABLE entry_versions (
    district       text        NOT NULL,
    person_id      uuid        NOT NULL,
    record_version integer     NOT NULL,
    entry_id       uuid        NOT NULL,
    kind           text        NOT NULL,
    data           jsonb,
    changed_by     text        NOT NULL,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, person_id, record_version),
    FOREIGN KEY (district, person_id) REFERENCES records (district, person_id) ON DELETE CASCADE
);

CREATE INDEX entry_versions_by_entry ON entry_versions (district, person_id, entry_id, record_version DESC);

-- Shares with employers. Only a hash of the link's token is stored: the database alone does not
-- open a share. The recipient is the employer's contact, kept only as long as the share.
CREATE TABLE shares (
    district               text        NOT NULL,
    share_id               uuid        NOT NULL,
    person_id              uuid        NOT NULL,
    token_hash             bytea       NOT NULL,
    sections               text[]      NOT NULL,
    recipient_organisation text        NOT NULL,
    recipient_email        text        NOT NULL,
    expires_at             timestamptz NOT NULL,
    created_by             text        NOT NULL,
    created_at             timestamptz NOT NULL DEFAULT now(),
    revoked_at             timestamptz,
    revoked_because        text CHECK (revoked_because IN ('revoked', 'consent_withdrawn')),
    PRIMARY KEY (district, share_id),
    UNIQUE (district, token_hash),
    FOREIGN KEY (district, person_id) REFERENCES records (district, person_id) ON DELETE CASCADE
);

-- Who read or printed a record, and every opening of a share, allowed or refused.
CREATE TABLE access_log (
    district  text        NOT NULL,
    id        bigint      GENERATED ALWAYS AS IDENTITY,
    person_id uuid        NOT NULL,
    share_id  uuid,
    actor     text,
    action    text        NOT NULL,
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, id),
    FOREIGN KEY (district, person_id) REFERENCES records (district, person_id) ON DELETE CASCADE
);

CREATE INDEX access_log_by_share ON access_log (district, share_id) WHERE share_id IS NOT NULL;

-- Printed records: the code on the paper answers which record version, district and day it shows.
CREATE TABLE documents (
    district       text        NOT NULL,
    code           text        NOT NULL,
    person_id      uuid        NOT NULL,
    record_version integer     NOT NULL,
    language       text        NOT NULL,
    issued_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, code),
    FOREIGN KEY (district, person_id) REFERENCES records (district, person_id) ON DELETE CASCADE
);
