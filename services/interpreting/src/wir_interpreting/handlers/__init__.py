"""Interpreting's event subscribers, one module per producer."""
