"""Competence's operations, one module per aggregate (entries of a record, the record itself,
shares, printed documents): load, decide with the domain, save, publish in one transaction."""
