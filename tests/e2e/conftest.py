from __future__ import annotations

from collections.abc import Iterator

import pytest

from wir_ops.commands.run_mail_sink import MailSink, mail_sink
from wir_ops.sandbox import free_port


@pytest.fixture
def sink() -> Iterator[MailSink]:
    with mail_sink(free_port()) as running:
        yield running
