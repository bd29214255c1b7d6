"""The `wir` commands: parse, call the operation, print what happened."""
