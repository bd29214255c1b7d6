"""Matching's event subscribers, one module per producer."""
