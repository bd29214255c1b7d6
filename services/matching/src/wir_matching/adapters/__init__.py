"""Matching has no outbound port besides its database: volunteers and people hear of proposals
through its events (notifications sends the messages), so this room is empty."""
