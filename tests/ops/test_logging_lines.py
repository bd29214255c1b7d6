"""One JSON object per line, always: libraries' stdlib records (uvicorn's "Invalid HTTP request",
the broker clients' warnings) go through the services' renderer, with the exception's type only."""

from __future__ import annotations

import json
import subprocess
import sys

from wir_kit.testing import sample

SCRIPT = f"""
import logging
from wir_kit.logging import configure_logging, get_logger

configure_logging("svc", json=True)
try:
    raise ValueError({sample.PERSON_NAME!r})
except ValueError:
    logging.getLogger("uvicorn.error").warning("Invalid HTTP request received.", exc_info=True)
logging.getLogger("aiormq.connection").warning("Connection lost: %r", OSError({sample.PERSON_NAME!r}))
logging.getLogger("faststream").info("below warnings: not shown")
get_logger("wir_kit.relay").info("relay started")
"""


def test_library_records_are_json_lines_without_exception_text() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=True
    )

    lines = [json.loads(line) for line in done.stderr.splitlines()]
    assert all(isinstance(line, dict) for line in lines)
    invalid, lost, started = lines
    assert invalid["event"] == "Invalid HTTP request received."
    assert (invalid["error"], invalid["level"], invalid["logger"]) == (
        "ValueError",
        "warning",
        "uvicorn.error",
    )
    assert lost["event"].startswith("Connection lost: ") and "OSError" in lost["event"]
    assert lost["service"] == "svc"
    assert started["event"] == "relay started"
    assert sample.PERSON_NAME not in done.stderr
    assert "Traceback" not in done.stderr
