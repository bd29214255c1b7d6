"""What changes intake's records: each command loads, asks the domain, saves and publishes in
the caller's transaction, and writes the audit entry there too."""
