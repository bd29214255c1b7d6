-- Coordinators as staff recipients. A district's coordinators are named in its settings (the
-- one place coordinators edit anyway); each becomes a directory entry of kind 'staff', kept in
-- step with the settings, so that staff notices take the same way as every other message.
ALTER TABLE recipients DROP CONSTRAINT recipients_kind_check;
ALTER TABLE recipients ADD CONSTRAINT recipients_kind_check
    CHECK (kind IN ('person', 'volunteer', 'interpreter', 'staff'));

-- [{name, email, language}], replaced with the rest of the settings.
ALTER TABLE district_settings ADD COLUMN coordinators jsonb NOT NULL DEFAULT '[]';
