"""The mail sink finds a recipient's messages by index, however many it has accepted."""

from __future__ import annotations

import smtplib

from wir_ops.commands.run_mail_sink import mail_sink
from wir_ops.sandbox import free_port


def test_messages_are_found_by_each_recipient_oldest_first() -> None:
    with mail_sink(free_port()) as sink, smtplib.SMTP("127.0.0.1", sink.port) as client:
        client.sendmail("a@example.org", ["b@example.org", "c@example.org"], "Subject: one\r\n\r\n1")
        client.sendmail("a@example.org", ["b@example.org", "b@example.org"], "Subject: two\r\n\r\n2")
        assert [str(r.message["Subject"]) for r in sink.to("b@example.org")] == ["one", "two"]
        assert [str(r.message["Subject"]) for r in sink.to("c@example.org")] == ["one"]
        assert sink.to("nobody@example.org") == []
        assert len(sink.received) == 2
        assert sink.thread_id is not None


def test_what_a_lookup_returns_is_the_callers_to_change() -> None:
    with mail_sink(free_port()) as sink, smtplib.SMTP("127.0.0.1", sink.port) as client:
        client.sendmail("a@example.org", ["b@example.org"], "Subject: one\r\n\r\n1")
        sink.to("b@example.org").clear()
        assert len(sink.to("b@example.org")) == 1
