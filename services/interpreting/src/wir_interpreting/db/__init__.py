"""Typed access to interpreting's schema: one module and one `.sql` file of named queries per table
group; each works in the caller's transaction."""
