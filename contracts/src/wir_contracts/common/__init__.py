"""Events every service publishes, one module per major version."""
