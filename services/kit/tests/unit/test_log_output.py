"""Routine log lines go out a few at a time on the event loop; warnings, lines off the loop and
what waits at exit go out at once."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys

from wir_kit.log_output import LineBuffer


class File(io.StringIO):
    """Keeps each write apart."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)


def buffer(linger_s: float = 0.05) -> tuple[LineBuffer, File]:
    file = File()
    return LineBuffer(file, linger_s), file


async def test_routine_lines_on_the_loop_go_out_together_after_the_linger() -> None:
    lines, file = buffer()
    lines.info('{"n": 1}')
    lines.info('{"n": 2}')
    assert file.writes == []
    await asyncio.sleep(0.2)
    assert file.writes == ['{"n": 1}\n{"n": 2}\n']


async def test_a_warning_goes_out_at_once_after_what_waited() -> None:
    lines, file = buffer()
    lines.info("routine")
    lines.warning("trouble")
    assert file.writes == ["routine\ntrouble\n"]
    await asyncio.sleep(0.2)
    assert file.writes == ["routine\ntrouble\n"]


def test_off_the_loop_every_line_goes_out_at_once() -> None:
    lines, file = buffer()
    lines.info("one")
    lines.debug("two")
    assert file.writes == ["one\n", "two\n"]


def test_a_line_after_its_loop_ended_takes_what_waited_there_along() -> None:
    lines, file = buffer(linger_s=60.0)

    async def log_and_end() -> None:
        lines.info("on a loop that ends before its flush")

    asyncio.run(log_and_end())
    assert file.writes == []
    lines.info("afterwards")
    assert file.writes == ["on a loop that ends before its flush\nafterwards\n"]


async def test_without_a_linger_every_line_goes_out_at_once() -> None:
    lines, file = buffer(linger_s=0.0)
    lines.info("one")
    assert file.writes == ["one\n"]


EXITING = """
import asyncio
from wir_kit.logging import configure_logging, get_logger

configure_logging("svc", json=True)

async def main():
    get_logger("svc").info("the last line before exit")

asyncio.run(main())
"""


def test_what_waits_is_written_when_the_process_exits() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXITING], capture_output=True, text=True, timeout=60, check=True
    )
    assert '"event": "the last line before exit"' in done.stderr
