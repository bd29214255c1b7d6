-- The waiting list the last run left: every open mentoring need without a proposal, and why.
-- Replaced by every run; rows go with their need.
CREATE TABLE waiting (
    district      text        NOT NULL,
    need_id       uuid        NOT NULL,
    person_id     uuid        NOT NULL,
    reason        text        NOT NULL,
    waiting_since date        NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district, need_id),
    FOREIGN KEY (district, need_id) REFERENCES needs (district, need_id) ON DELETE CASCADE
);

-- When coordinators were last told that a need waits too long: at most once a week per need.
-- Kept apart from `waiting`, which every run replaces.
CREATE TABLE waiting_alerts (
    district   text        NOT NULL,
    need_id    uuid        NOT NULL,
    alerted_at timestamptz NOT NULL,
    PRIMARY KEY (district, need_id),
    FOREIGN KEY (district, need_id) REFERENCES needs (district, need_id) ON DELETE CASCADE
);
