"""Events competence publishes, one module per major version."""
