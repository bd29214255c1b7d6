"""Events interpreting publishes, one module per major version."""
