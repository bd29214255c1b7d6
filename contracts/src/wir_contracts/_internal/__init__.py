"""Machinery behind the public contracts; nothing here is part of the API."""
