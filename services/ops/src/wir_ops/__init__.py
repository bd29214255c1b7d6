"""The operator CLI `wir`: migrations, the local platform, demo data, tokens, dead letters."""
