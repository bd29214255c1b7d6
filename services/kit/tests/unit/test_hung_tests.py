"""A hung test fails on its time limit (the project's pytest settings) and shows where each
asyncio task was waiting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_SETTINGS = Path(__file__).resolve().parents[4] / "pyproject.toml"

HUNG = """
import asyncio

async def wait_for_a_reply_that_never_comes() -> None:
    await asyncio.Event().wait()

async def test_hangs() -> None:
    await wait_for_a_reply_that_never_comes()
"""


def test_a_hung_test_fails_with_the_await_chain_of_every_task(tmp_path: Path) -> None:
    (tmp_path / "test_hung.py").write_text(HUNG)
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-c", str(PROJECT_SETTINGS), f"--rootdir={tmp_path}"),
            *("-q", "-p", "no:cacheprovider", "-o", "timeout=2", str(tmp_path / "test_hung.py")),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout
    assert "Timeout (>2.0s) from pytest-timeout" in result.stdout
    assert "--- asyncio task" in result.stdout
    assert "in wait_for_a_reply_that_never_comes" in result.stdout
