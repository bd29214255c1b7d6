"""The broker topology's names and arguments: two queues per subscriber, retry queues shared per
delay, a bounded unrouted queue behind the alternate exchange, dead letters that expire."""

from __future__ import annotations

from wir_kit.settings import Settings
from wir_kit.topology import (
    dlq_arguments,
    exchange_arguments,
    retry_queue_arguments,
    retry_queue_name,
    unrouted_arguments,
    unrouted_exchange,
    unrouted_queue,
)


def test_retry_queues_are_shared_per_delay_and_send_messages_back_under_their_own_key() -> None:
    settings = Settings(queue_prefix="inst.", queue_type="classic")
    assert retry_queue_name(settings, 5000) == "inst.wir.events.retry.5000ms"
    assert retry_queue_arguments(settings, 5000) == {
        "x-queue-type": "classic",
        "x-message-ttl": 5000,
        "x-dead-letter-exchange": "",  # and no routing key: the origin queue's name it came with
    }


def test_the_event_exchange_sends_what_no_queue_takes_to_one_bounded_queue() -> None:
    settings = Settings(queue_prefix="inst.", unrouted_max_length=10, unrouted_ttl_ms=1000)
    assert exchange_arguments(settings) == {"alternate-exchange": "wir.events.unrouted"}
    assert unrouted_exchange(settings) == "wir.events.unrouted"
    assert unrouted_queue(settings) == "inst.wir.events.unrouted"
    assert unrouted_arguments(settings) == {
        "x-queue-type": "quorum",
        "x-message-ttl": 1000,
        "x-max-length": 10,
        "x-overflow": "drop-head",
    }
    assert unrouted_arguments(Settings(queue_type="classic"))["x-queue-type"] == "classic"


def test_dead_letters_expire_and_a_full_dlq_refuses_rather_than_drops() -> None:
    settings = Settings(queue_type="classic")
    assert settings.dlq_ttl_ms == 14 * 24 * 3600 * 1000
    assert settings.dlq_max_length == 100_000
    assert dlq_arguments(settings) == {
        "x-queue-type": "classic",
        "x-message-ttl": settings.dlq_ttl_ms,
        "x-max-length": 100_000,
        "x-overflow": "reject-publish",
    }
