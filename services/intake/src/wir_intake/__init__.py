"""Intake: the case managers' register of people, households, needs, consents and erasures."""
