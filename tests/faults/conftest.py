"""The fault matrix's private broker node, and its table in the terminal summary (shown by
`make test` without `-s`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .broker_node import BrokerNode, server_script
from .table import MATRIX_TABLE


@pytest.fixture(scope="module")
def broker_node() -> Iterator[BrokerNode]:
    script = server_script()
    if script is None:
        reason = "rabbitmq-server is not installed: the fault matrix needs a broker node of its own"
        # As everywhere in the suite: under CI a missing component fails, it never skips.
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="wirfaults-"))
    node = BrokerNode(base, script)
    try:
        node.start()
        yield node
    finally:
        node.stop()
        shutil.rmtree(base, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    table = config.stash.get(MATRIX_TABLE, None)
    if table:
        terminalreporter.section("fault matrix")
        terminalreporter.write_line(table)
