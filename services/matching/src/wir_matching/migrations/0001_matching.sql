-- People as intake and competence describe them, kept only as far as matching needs them. Each part
-- carries the aggregate version it came with, so late or redelivered events change nothing.
CREATE TABLE people (
    district           text    NOT NULL,
    person_id          uuid    NOT NULL,
    profile_version    integer NOT NULL DEFAULT 0,
    consents_version   integer NOT NULL DEFAULT 0,
    needs_version      integer NOT NULL DEFAULT 0,
    competence_version integer NOT NULL DEFAULT 0,
    municipality       text,
    -- [{"language", "level", "native"}] from intake's language_levels.
    languages          jsonb   NOT NULL DEFAULT '[]',
    -- The best German CEFR level competence events recorded or certified.
    german_level       text,
    consents           text[]  NOT NULL DEFAULT '{}',
    PRIMARY KEY (district, person_id)
);

-- Open mentoring needs only; a need intake no longer lists is deleted here.
CREATE TABLE needs (
    district      text   NOT NULL,
    need_id       uuid   NOT NULL,
    person_id     uuid   NOT NULL,
    topics        text[] NOT NULL DEFAULT '{}',
    urgency       text   NOT NULL DEFAULT 'routine',
    open_since    date   NOT NULL,
    mentor_gender text,
    PRIMARY KEY (district, need_id),
    FOREIGN KEY (district, person_id) REFERENCES people (district, person_id) ON DELETE CASCADE
);

CREATE INDEX needs_by_person ON needs (district, person_id);

-- Erased people: events about them that arrive later must not bring them back.
CREATE TABLE erased_people (
    district  text        NOT NULL,
    person_id uuid        NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, person_id)
);

CREATE TABLE volunteers (
    district           text        NOT NULL,
    volunteer_id       uuid        NOT NULL,
    version            integer     NOT NULL DEFAULT 1,
    display_name       text        NOT NULL,
    email              text,
    mobile             text,
    channels           text[]      NOT NULL DEFAULT '{}',
    preferred_language text        NOT NULL,
    municipality       text        NOT NULL,
    travel_km          numeric     NOT NULL,
    -- [{"language", "level", "native"}]
    languages          jsonb       NOT NULL DEFAULT '[]',
    topics             text[]      NOT NULL DEFAULT '{}',
    capacity           integer     NOT NULL CHECK (capacity BETWEEN 0 AND 10),
    gender             text,
    lotse_trained_on   date,
    -- [{"weekday": 0, "start": "17:00", "end": "19:00"}]
    weekly             jsonb       NOT NULL DEFAULT '[]',
    -- [{"first_day", "last_day"}]
    absences           jsonb       NOT NULL DEFAULT '[]',
    -- What the volunteer lets a matched person see: {"display_name", "email"?, "mobile"?, "channels"}.
    share_contact      jsonb,
    active             boolean     NOT NULL DEFAULT true,
    suspended          boolean     NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, volunteer_id)
);

-- Compliance documents (Führungszeugnis, confidentiality declaration) with their expiry.
CREATE TABLE volunteer_documents (
    district     text        NOT NULL,
    volunteer_id uuid        NOT NULL,
    kind         text        NOT NULL,
    expires_on   date        NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    -- The expiry a reminder went out for: one reminder per expiry date.
    reminded_for date,
    PRIMARY KEY (district, volunteer_id, kind),
    FOREIGN KEY (district, volunteer_id) REFERENCES volunteers (district, volunteer_id) ON DELETE CASCADE
);

CREATE TABLE matches (
    district       text        NOT NULL,
    match_id       uuid        NOT NULL,
    version        integer     NOT NULL DEFAULT 1,
    person_id      uuid        NOT NULL,
    need_id        uuid        NOT NULL,
    volunteer_id   uuid        NOT NULL,
    state          text        NOT NULL
        CHECK (state IN ('proposed', 'accepted', 'declined', 'expired', 'withdrawn', 'ended')),
    score          numeric     NOT NULL,
    reasons        jsonb       NOT NULL DEFAULT '[]',
    proposed_at    timestamptz NOT NULL DEFAULT now(),
    respond_by     timestamptz NOT NULL,
    answered_at    timestamptz,
    decline_reason text,
    withdraw_reason text,
    end_reason     text,
    ended_on       date,
    PRIMARY KEY (district, match_id)
);

-- One open proposal or running mentorship per need.
CREATE UNIQUE INDEX matches_one_open_per_need ON matches (district, need_id)
    WHERE state IN ('proposed', 'accepted');
CREATE INDEX matches_by_volunteer ON matches (district, volunteer_id, state);

-- Debounced "run matching for this district": a burst of events leads to one run.
CREATE TABLE run_requests (
    district text        NOT NULL,
    due_at   timestamptz NOT NULL,
    PRIMARY KEY (district)
);
