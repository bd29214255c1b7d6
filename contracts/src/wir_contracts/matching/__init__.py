"""Events matching publishes, one module per major version."""
