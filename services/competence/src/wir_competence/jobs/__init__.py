"""Competence's background loops: forgetting the addresses of expired shares' employers."""
