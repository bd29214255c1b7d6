-- The relay prunes inbox claims older than WIR_INBOX_RETENTION_H, every district at once.
CREATE INDEX inbox_handled ON inbox (handled_at);
