"""Periodic work of every replica; each job changes a row in the statement that finds it, so
replicas running it at once do not act twice."""
