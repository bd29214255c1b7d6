"""The interpreting service: the district's language pool (Sprachpool) of community interpreters,
booked in minutes and never double-booked."""
