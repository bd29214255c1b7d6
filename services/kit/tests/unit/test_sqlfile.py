from __future__ import annotations

import pytest

from wir_kit.sqlfile import load_queries, parse_queries


def test_named_sections_become_queries() -> None:
    queries = parse_queries("-- name: one\nSELECT 1\n\n-- name: two\nSELECT 2;\n")
    assert dict(queries) == {"one": "SELECT 1", "two": "SELECT 2;"}


def test_a_name_defined_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="twice"):
        parse_queries("-- name: one\nSELECT 1\n-- name: one\nSELECT 2\n")


def test_the_kits_queries_load() -> None:
    assert "relay_due" in load_queries("wir_kit.sql")
