"""Events intake publishes, one module per major version."""
