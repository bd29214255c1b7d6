-- What matching needs from a person's needs (issue 11): the mentor's gender a person asked
-- for, and since when a need waits.

ALTER TABLE needs ADD COLUMN mentor_gender text;

-- The day the need was recorded, in the districts' (Hessian) time: it waits since then while it
-- is active. Derived from created_at, which never changes, so it cannot drift; a closed need is
-- not reopened but recorded anew. Generated rather than backfilled: the forced district policy
-- hides the table's rows from the migrating owner, a table rewrite is not subject to it.
ALTER TABLE needs ADD COLUMN open_since date
    GENERATED ALWAYS AS ((created_at AT TIME ZONE 'Europe/Berlin')::date) STORED;
