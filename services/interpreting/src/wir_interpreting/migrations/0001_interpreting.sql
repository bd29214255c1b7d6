-- What each district decides for itself; a district without a row uses the defaults below.
CREATE TABLE district_rules (
    district                  text        NOT NULL,
    version                   integer     NOT NULL DEFAULT 1,
    -- The least notice a request may give (Vorlaufzeit).
    lead_time_hours           integer     NOT NULL DEFAULT 48 CHECK (lead_time_hours BETWEEN 0 AND 720),
    -- How long an interpreter has to confirm an assignment (never past the appointment's start).
    answer_hours              integer     NOT NULL DEFAULT 24 CHECK (answer_hours BETWEEN 1 AND 336),
    flat_cents                integer     NOT NULL DEFAULT 2000 CHECK (flat_cents BETWEEN 0 AND 100000),
    hourly_cents              integer     NOT NULL DEFAULT 0 CHECK (hourly_cents BETWEEN 0 AND 100000),
    per_km_cents              integer     NOT NULL DEFAULT 0 CHECK (per_km_cents BETWEEN 0 AND 1000),
    -- A cancellation less than this before the start is short-notice, and paid as below.
    short_notice_hours        integer     NOT NULL DEFAULT 24 CHECK (short_notice_hours BETWEEN 0 AND 336),
    short_notice_cancel_cents integer     NOT NULL DEFAULT 0 CHECK (short_notice_cancel_cents BETWEEN 0 AND 100000),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district)
);

-- People as intake describes them, only as far as a booking needs them.
CREATE TABLE people (
    district              text    NOT NULL,
    person_id             uuid    NOT NULL,
    profile_version       integer NOT NULL DEFAULT 0,
    consents_version      integer NOT NULL DEFAULT 0,
    needs_version         integer NOT NULL DEFAULT 0,
    -- ISO 639-3, intake's order: the first is the language to interpret unless a need names one.
    languages             text[]  NOT NULL DEFAULT '{}',
    -- The language of an open interpreting need, when intake's need names one.
    interpreting_language text,
    municipality          text,
    consents              text[]  NOT NULL DEFAULT '{}',
    PRIMARY KEY (district, person_id)
);

-- Erased people: events about them that arrive later must not bring them back.
CREATE TABLE erased_people (
    district  text        NOT NULL,
    person_id uuid        NOT NULL,
    erased_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, person_id)
);

CREATE TABLE interpreters (
    district           text        NOT NULL,
    interpreter_id     uuid        NOT NULL,
    version            integer     NOT NULL DEFAULT 1,
    display_name       text        NOT NULL,
    email              text,
    mobile             text,
    channels           text[]      NOT NULL DEFAULT '{}',
    preferred_language text        NOT NULL,
    german_level       text        NOT NULL CHECK (german_level IN ('A1', 'A2', 'B1', 'B2', 'C1', 'C2')),
    modes              text[]      NOT NULL CHECK (modes <@ ARRAY['on_site', 'phone', 'video'] AND cardinality(modes) > 0),
    home_municipality  text        NOT NULL,
    travel_km          numeric     NOT NULL DEFAULT 0 CHECK (travel_km BETWEEN 0 AND 300),
    -- Municipalities served on site besides those within travel_km of home.
    municipalities     text[]      NOT NULL DEFAULT '{}',
    -- [{"weekday": 0..6 (Monday 0), "start": "HH:MM", "end": "HH:MM"}], Europe/Berlin
    weekly             jsonb       NOT NULL DEFAULT '[]',
    -- [{"first_day": "YYYY-MM-DD", "last_day": "YYYY-MM-DD"}]
    absences           jsonb       NOT NULL DEFAULT '[]',
    active             boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, interpreter_id)
);

-- Languages with the variety where it matters (Kurmanji/Sorani, Levantine Arabic); '' = unstated.
CREATE TABLE interpreter_languages (
    district       text NOT NULL,
    interpreter_id uuid NOT NULL,
    language       text NOT NULL,
    variety        text NOT NULL DEFAULT '',
    PRIMARY KEY (district, interpreter_id, language, variety),
    FOREIGN KEY (district, interpreter_id) REFERENCES interpreters (district, interpreter_id) ON DELETE CASCADE
);

CREATE INDEX interpreter_languages_by_language ON interpreter_languages (language, district);

-- Compliance documents; an interpreter lacking one valid on the appointment's day is not assignable.
CREATE TABLE interpreter_documents (
    district       text        NOT NULL,
    interpreter_id uuid        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('confidentiality', 'criminal_record', 'training')),
    expires_on     date        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    -- The expiry a reminder went out for: one reminder per expiry date.
    reminded_for   date,
    PRIMARY KEY (district, interpreter_id, kind),
    FOREIGN KEY (district, interpreter_id) REFERENCES interpreters (district, interpreter_id) ON DELETE CASCADE
);

-- An interpreter's opt-in to serve a neighbouring district of the installation. The grant is the
-- only way another district sees a row of this pool (the policies at the end of this file).
CREATE TABLE pool_grants (
    district       text        NOT NULL,
    interpreter_id uuid        NOT NULL,
    grantee        text        NOT NULL CHECK (grantee <> district),
    granted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, interpreter_id, grantee),
    FOREIGN KEY (district, interpreter_id) REFERENCES interpreters (district, interpreter_id) ON DELETE CASCADE
);

CREATE INDEX pool_grants_by_grantee ON pool_grants (grantee, interpreter_id);

CREATE TABLE appointments (
    district             text        NOT NULL,
    appointment_id       uuid        NOT NULL,
    version              integer     NOT NULL DEFAULT 1,
    person_id            uuid,
    language             text        NOT NULL,
    variety              text,
    mode                 text        NOT NULL CHECK (mode IN ('on_site', 'phone', 'video')),
    venue                text        NOT NULL,
    department           text,
    municipality         text,
    address              text,
    remote_link          text,
    starts_at            timestamptz NOT NULL,
    ends_at              timestamptz NOT NULL,
    notes                text,
    -- Contact of whoever asked (a case manager, a department): told of the outcome.
    requester            jsonb,
    requested_by         text        NOT NULL,
    state                text        NOT NULL DEFAULT 'open'
        CHECK (state IN ('open', 'assigned', 'confirmed', 'unfilled', 'cancelled', 'completed', 'no_show')),
    interpreter_id       uuid,
    interpreter_district text,
    respond_by           timestamptz,
    unfilled_reason      text,
    cancel_reason        text,
    cancelled_by         text,
    short_notice         boolean,
    cancelled_at         timestamptz,
    minutes              integer     CHECK (minutes BETWEEN 1 AND 1440),
    kilometres           integer     CHECK (kilometres BETWEEN 0 AND 1000),
    allowance_cents      integer     CHECK (allowance_cents >= 0),
    -- How a booked appointment ended: the state says completed or no_show, this says whose
    -- no-show, which the allowance and the monthly statement need.
    outcome              text        CHECK (outcome IN ('completed', 'person_no_show', 'interpreter_no_show')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, appointment_id),
    CHECK (ends_at > starts_at)
);

CREATE INDEX appointments_by_person ON appointments (district, person_id);
CREATE INDEX appointments_awaiting_answer ON appointments (district, respond_by) WHERE state = 'assigned';
CREATE INDEX appointments_by_interpreter ON appointments (district, interpreter_id, starts_at);

-- Who was asked for an appointment and how they answered: nobody is asked twice.
CREATE TABLE attempts (
    district             text        NOT NULL,
    appointment_id       uuid        NOT NULL,
    interpreter_id       uuid        NOT NULL,
    interpreter_district text        NOT NULL,
    outcome              text        NOT NULL DEFAULT 'asked'
        CHECK (outcome IN ('asked', 'confirmed', 'declined', 'expired', 'released')),
    decline_reason       text,
    asked_at             timestamptz NOT NULL DEFAULT now(),
    answered_at          timestamptz,
    PRIMARY KEY (district, appointment_id, interpreter_id),
    FOREIGN KEY (district, appointment_id) REFERENCES appointments (district, appointment_id) ON DELETE CASCADE
);

-- The interpreter's calendar: one row per appointment they hold, in the interpreter's district,
-- with what the job needs and never the person. `during` is the appointment widened by the
-- travel there and back, so no interpreter can be in two places at once: the exclusion
-- constraint holds across every district and every replica, whatever the application checks.
CREATE TABLE bookings (
    district            text        NOT NULL,
    appointment_id      uuid        NOT NULL,
    requesting_district text        NOT NULL,
    interpreter_id      uuid        NOT NULL,
    state               text        NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'confirmed', 'released', 'done')),
    language            text        NOT NULL,
    variety             text,
    mode                text        NOT NULL,
    municipality        text,
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    during              tstzrange   NOT NULL,
    -- The answer deadline travels with the booking: a neighbouring pool's district tells its
    -- interpreter by the booking alone, as it cannot see the requesting district's appointment.
    respond_by          timestamptz,
    -- Bumped by every change the interpreter must hear of; a booking for a neighbouring district
    -- is announced in the interpreter's own district up to told_version (jobs/neighbours), with
    -- the state and start last told, so the next change is told as what it is.
    version             integer     NOT NULL DEFAULT 1,
    told_version        integer     NOT NULL DEFAULT 0,
    told_state          text        CHECK (told_state IN ('held', 'confirmed', 'released', 'done')),
    told_starts_at      timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, appointment_id, interpreter_id),
    CONSTRAINT bookings_no_double_booking
        EXCLUDE USING gist (interpreter_id WITH =, during WITH &&) WHERE (state <> 'released')
);

CREATE INDEX bookings_by_requesting ON bookings (requesting_district, appointment_id);
-- The neighbour job's question, asked of every requesting district every few seconds: its
-- bookings in other pools not yet told (local bookings are told by the district's own events).
CREATE INDEX bookings_untold_by_requesting ON bookings (requesting_district)
    WHERE told_version < version AND district <> requesting_district;

-- Sharing with neighbouring districts, as explicit grants. Permissive policies add to the
-- district policy the kit puts on every table: a district sees the grants made to it, the
-- granted interpreters' profiles, languages and documents (read only; the code reads no contact
-- columns for a neighbour), and the bookings it made in their calendars. Nothing else crosses.
CREATE POLICY grantee_reads ON pool_grants FOR SELECT
    USING (grantee = NULLIF(current_setting('wir.district', true), ''));

CREATE POLICY granted_reads ON interpreters FOR SELECT
    USING (EXISTS (SELECT 1 FROM pool_grants g
                   WHERE g.district = interpreters.district AND g.interpreter_id = interpreters.interpreter_id
                     AND g.grantee = NULLIF(current_setting('wir.district', true), '')));

CREATE POLICY granted_reads ON interpreter_languages FOR SELECT
    USING (EXISTS (SELECT 1 FROM pool_grants g
                   WHERE g.district = interpreter_languages.district
                     AND g.interpreter_id = interpreter_languages.interpreter_id
                     AND g.grantee = NULLIF(current_setting('wir.district', true), '')));

CREATE POLICY granted_reads ON interpreter_documents FOR SELECT
    USING (EXISTS (SELECT 1 FROM pool_grants g
                   WHERE g.district = interpreter_documents.district
                     AND g.interpreter_id = interpreter_documents.interpreter_id
                     AND g.grantee = NULLIF(current_setting('wir.district', true), '')));

CREATE POLICY requesting_district_books ON bookings
    USING (requesting_district = NULLIF(current_setting('wir.district', true), ''))
    WITH CHECK (requesting_district = NULLIF(current_setting('wir.district', true), '')
                AND EXISTS (SELECT 1 FROM pool_grants g
                            WHERE g.district = bookings.district AND g.interpreter_id = bookings.interpreter_id
                              AND g.grantee = bookings.requesting_district));

-- A district can always let go of (or finish) the bookings it made in a neighbouring pool's
-- calendar, even after the interpreter withdrew the grant: cancelling or completing must not
-- depend on it. Holding, confirming or moving such a booking still needs the grant.
CREATE POLICY requesting_district_lets_go ON bookings FOR UPDATE
    USING (requesting_district = NULLIF(current_setting('wir.district', true), ''))
    WITH CHECK (requesting_district = NULLIF(current_setting('wir.district', true), '')
                AND state IN ('released', 'done'));
