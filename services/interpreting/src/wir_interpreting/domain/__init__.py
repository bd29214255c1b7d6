"""Interpreting's pure core: an appointment and an interpreter's week, travel time between
municipalities, who may take an appointment and in which order, signed answer links, the district's
rules and the allowance owed. No I/O."""
