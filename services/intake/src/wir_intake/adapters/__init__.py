"""Intake has no outbound port besides its database: it sends nothing but events (through the
outbox), so this room is empty."""
