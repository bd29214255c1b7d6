"""Interpreting's HTTP routes: parse, authorise, call a command, answer."""
