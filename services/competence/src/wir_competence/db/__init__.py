"""Typed access to competence's schema, one module and one `.sql` file of named queries per
aggregate (records, entries, shares, documents, the access log); each works in the caller's
transaction."""
