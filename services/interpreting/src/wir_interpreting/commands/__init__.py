"""What interpreting does, one module per aggregate or workflow; each works in the caller's transaction."""
