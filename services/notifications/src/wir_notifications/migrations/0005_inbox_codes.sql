-- One-time codes a person asks for from a message's link, to open their inbox: sent to the
-- channel that message went out on, stored only as a keyed hash (HMAC with the service's inbox
-- token secret: six digits alone would be found by trying all of them). A newer code, the last
-- allowed wrong try or a failed send ends a code; erasing the person deletes their codes.
CREATE TABLE inbox_codes (
    district        text        NOT NULL,
    code_id         uuid        NOT NULL,
    person_id       uuid        NOT NULL,
    -- The message whose link asked for it: the code opens the inbox only from that link.
    notification_id uuid        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
    code_hash       bytea       NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    ended_at        timestamptz,
    PRIMARY KEY (district, code_id),
    FOREIGN KEY (district, notification_id) REFERENCES notifications ON DELETE CASCADE
);
CREATE INDEX inbox_codes_of_person ON inbox_codes (district, person_id, created_at DESC);
