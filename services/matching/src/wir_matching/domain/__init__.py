"""Matching's pure core: scoring a person and a volunteer, finding a district's candidate pairs in
bulk, the district-wide assignment, why a person still waits, distances between municipalities
and signed answer links. No I/O but the package's own data file."""
