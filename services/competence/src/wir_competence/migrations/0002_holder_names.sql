-- Who a record belongs to, as intake identified them: printed on the Kompetenznachweis (and on a
-- share while the person consents to it). Kept with the person's version it came with, so late or
-- redelivered events change nothing; no foreign key to records, because the identification may
-- arrive before the registration. Erased with the record (`erase_holder`).
CREATE TABLE holders (
    district      text    NOT NULL,
    person_id     uuid    NOT NULL,
    name_original text    NOT NULL,
    name_latin    text,
    birth_year    integer,
    birth_month   integer,
    birth_day     integer,
    version       integer NOT NULL,
    PRIMARY KEY (district, person_id)
);

-- What a printed code's check may tell about the holder: the initials as printed, never more.
ALTER TABLE documents ADD COLUMN holder_initials text;
