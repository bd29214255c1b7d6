"""Named SQL queries kept in `.sql` files, loaded once.

A file holds sections that start with `-- name: <query_name>`; the text up to the next such line
is the query. SQL is never assembled from runtime strings: values go in as parameters, or, in
a statement sent alone as a simple query (`Db.alone`), as constants only the kit writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib.resources import files
from types import MappingProxyType

_NAME = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_queries(text: str) -> Mapping[str, str]:
    parts = _NAME.split(text)
    queries: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in queries:
            raise ValueError(f"query {name!r} is defined twice")
        queries[name] = body.strip()
    return MappingProxyType(queries)


def load_queries(package: str, filename: str = "queries.sql") -> Mapping[str, str]:
    return parse_queries(files(package).joinpath(filename).read_text(encoding="utf-8"))
