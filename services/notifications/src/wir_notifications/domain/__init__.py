"""Pure decisions of the notifications service: no I/O, no framework, no clock of its own."""
