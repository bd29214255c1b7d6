"""Intake's periodic checks, district by district (`erasures`, `consents`, `idempotency`); each
changes a row in the statement that finds it, so replicas running them at once do not act twice."""
