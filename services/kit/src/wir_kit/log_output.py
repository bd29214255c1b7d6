"""Where a service's log lines go: to stderr, the routine ones a few at a time.

A write and a flush per line was about 5 % of each service's CPU under load (and woke `wir run`,
which passes the lines on, as often). Info and debug lines therefore wait up to `LINGER_S` on
the event loop for others and go out together in one write; a warning or worse goes out at once,
after the lines waiting before it. Off the event loop (a worker thread, a CLI without a loop)
every line goes out at once, and whatever still waits is written when the process exits.
A process killed outright loses at most `LINGER_S` of routine lines, never a warning.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from typing import TextIO

#: Longest a routine line waits for others.
LINGER_S = 0.05


class LineBuffer:
    """structlog's logger (it calls the method named after the level with the rendered line)."""

    def __init__(self, file: TextIO, linger_s: float = LINGER_S) -> None:
        self._file = file
        self._linger_s = linger_s
        self._lines: list[str] = []
        self._lock = threading.Lock()
        # The loop a flush is due on, if one is: only that flush writes what waits.
        self._due_on: asyncio.AbstractEventLoop | None = None
        atexit.register(self.flush)

    def later(self, message: str) -> None:
        loop = _running_loop()
        with self._lock:
            self._lines.append(message)
            if self._due_on is not None and self._due_on is loop:
                return
            if loop is None or self._linger_s <= 0:
                self._write()
                return
            # A flush due on a loop that has ended never comes: what waited goes out with this.
            self._due_on = loop
        loop.call_later(self._linger_s, self.flush)

    def now(self, message: str) -> None:
        with self._lock:
            self._lines.append(message)
            self._write()

    def flush(self) -> None:
        with self._lock:
            self._due_on = None
            if self._lines:
                self._write()

    def _write(self) -> None:
        text = "\n".join(self._lines) + "\n"
        self._lines.clear()
        self._file.write(text)
        self._file.flush()

    debug = info = msg = log = later
    warning = warn = error = err = exception = critical = fatal = failure = now


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
