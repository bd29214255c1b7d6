"""Intake's storage: named queries in .sql files and typed functions over them."""
