"""Where the CLI writes: results to stdout, one-line errors to stderr.

Nothing here prints a message body: dead letters carry personal data.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Piped into grep or a file, rich would wrap at 80 columns and cut queue names in half.
_PIPED_WIDTH = 200


def _width(stream: TextIO) -> int | None:
    if stream.isatty() or "COLUMNS" in os.environ:
        return None
    return _PIPED_WIDTH


def stdout() -> Console:
    return Console(width=_width(sys.stdout))


def say(message: str) -> None:
    """One line of plain text, printed as given: names can hold brackets rich would eat."""
    stdout().print(message, markup=False, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and leave with `code`."""
    Console(stderr=True).print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def table(columns: Sequence[str], rows: Iterable[Sequence[str]], title: str | None = None) -> Table:
    """A table whose cells are shown as given: rich markup in a name must not be rendered."""
    result = Table(*columns, title=title, title_justify="left")
    for row in rows:
        result.add_row(*(Text(cell) for cell in row))
    return result


def show(renderable: Table) -> None:
    stdout().print(renderable)


@contextmanager
def amqp_client_quiet() -> Iterator[None]:
    """aiormq logs a refused connection itself; the CLI reports it once, in its own line."""
    client = logging.getLogger("aiormq.connection")
    level = client.level
    client.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        client.setLevel(level)
