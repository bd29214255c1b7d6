"""Intake's rules, free of I/O: what a valid record is and what a change means."""
