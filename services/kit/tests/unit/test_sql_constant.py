"""The constants `Db.alone` writes into its statements: only what cannot leave its constant."""

from __future__ import annotations

from enum import IntEnum
from uuid import UUID

import pytest

from wir_kit.tx import sql_constant


class Attempt(IntEnum):
    FIRST = 1


@pytest.mark.parametrize(
    ("value", "constant"),
    [
        (None, "NULL"),
        (True, "true"),
        (False, "false"),
        (Attempt.FIRST, "1"),
        (-42, "-42"),
        (0.25, "0.25"),
        (1e-05, "1e-05"),
        (UUID("12345678-1234-5678-1234-567812345678"), "'12345678-1234-5678-1234-567812345678'"),
        ("O'Brien \\ {x}", "E'O''Brien \\\\ {x}'"),
    ],
)
def test_a_value_becomes_its_constant(value: object, constant: str) -> None:
    assert sql_constant(value) == constant


@pytest.mark.parametrize("value", [float("nan"), float("inf"), b"raw", ["a"], {"a": 1}])
def test_a_value_without_a_safe_constant_is_refused(value: object) -> None:
    with pytest.raises(TypeError):
        sql_constant(value)
