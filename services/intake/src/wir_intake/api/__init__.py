"""Intake's HTTP API: parse, authorise, call the commands, answer."""
