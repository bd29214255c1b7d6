"""What competence does with other services' events, one module per producer (intake)."""
