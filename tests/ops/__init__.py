"""Tests of the operator CLI `wir`, against the real PostgreSQL and RabbitMQ."""
