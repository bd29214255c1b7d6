-- Requesters: staff recipients an event names with their contact (the case manager or
-- department that asked for an interpreter), not the district's settings. Their address
-- arrives with each event and is dropped once no message to them is open; coordinators'
-- entries (direct = false) follow the settings instead.
ALTER TABLE recipients ADD COLUMN direct boolean NOT NULL DEFAULT false;
