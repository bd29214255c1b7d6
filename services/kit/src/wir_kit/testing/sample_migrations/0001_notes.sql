CREATE TABLE notes (
    district text NOT NULL,
    id       uuid NOT NULL,
    body     text NOT NULL,
    PRIMARY KEY (district, id)
);

CREATE TABLE seen (
    district text        NOT NULL,
    event_id uuid        NOT NULL,
    note     text        NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, event_id)
);
