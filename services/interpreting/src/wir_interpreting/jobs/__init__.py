"""Interpreting's background work, district by district."""
