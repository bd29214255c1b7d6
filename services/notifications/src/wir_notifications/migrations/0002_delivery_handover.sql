-- When the current claim handed its message to the channel (right before SMTP DATA or the
-- provider's POST). A claim that takes over a delivery still 'sending' with this set knows the
-- message may already have gone out: it resends with the same Message-ID and counts it.
ALTER TABLE deliveries ADD COLUMN handed_over_at timestamptz;
