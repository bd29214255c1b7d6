"""Events notifications publishes, one module per major version."""
