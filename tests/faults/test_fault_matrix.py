"""The fault matrix (issue 9): real processes, a real broker and database, one fault at a time.

`wir run` starts intake, competence and notifications as processes of their own, against a
private RabbitMQ node (which the matrix kills) and the machine's PostgreSQL; the welcome
e-mails go to a real SMTP sink. While registrations flow in two districts at a steady rate,
each fault is injected once; then the matrix waits, bounded, until every accepted registration
has its effects, and counts (as Jepsen does) what was lost, what happened twice, and what was
left behind. Convergence times are printed, never asserted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path

import asyncpg
import httpx
import pytest

from wir_kit.auth import issue_dev_token
from wir_kit.settings import Settings
from wir_kit.testing.districts import BERGSTRASSE, MAIN_KINZIG
from wir_notifications.settings import NotificationSettings
from wir_ops.commands.run_mail_sink import MailSink, mail_sink
from wir_ops.sandbox import free_port, sandbox

from .accounting import dead_letter_reasons, dead_letters, effects
from .broker_node import BrokerNode
from .injections import MATRIX, NOTIFICATIONS_KILLED, POISONED, Rig
from .isolation import LISTED, cross_district_reads, leaks
from .load import Registration
from .phases import CONVERGE_TIMEOUT_S, PER_FAULT, run_phase
from .relay_proxy import RelayProxy
from .table import MATRIX_TABLE, Row, markdown

#: Welcome e-mails sent twice that the matrix tolerates when notifications is killed (every
#: other fault must cause none). Why e-mail is sent at least once, and the bound of possible
#: duplicates per crash (one per mail handed to SMTP and not yet recorded: at most as many as
#: the sender sends at once), are in services/notifications/README.md ("Crashes and duplicates").
MAX_DUPLICATE_EMAILS = NotificationSettings.model_fields["worker_concurrency"].default
SERVICES = ["intake", "competence", "notifications"]
CASE_MANAGER = "case_manager"
#: Longest wait for one answer of the database or the broker to the observer.
ANSWER_TIMEOUT_S = 30.0
#: Short bounds, so that recovering from a fault takes seconds here (defaults: a minute).
FAST_RECOVERY = {
    "WIR_RELAY_TAKEOVER_S": "8",
    "WIR_RELAY_IDLE_POLL_S": "1",
    "WIR_RELAY_LOCK_POLL_S": "0.5",
    "WIR_BROKER_TIMEOUT_S": "4",
    "WIR_GRACEFUL_TIMEOUT_S": "5",
    "WIR_NOTIFICATIONS_LEASE_S": "10",
    "WIR_NOTIFICATIONS_SMTP_TIMEOUT_S": "5",
    "WIR_NOTIFICATIONS_SMS_TIMEOUT_S": "5",
    "WIR_NOTIFICATIONS_WORKER_POLL_S": "1",
    "WIR_NOTIFICATIONS_RETRY_DELAYS_S": "[1, 2, 5, 10]",
}


def services_env(sink: MailSink, proxy: RelayProxy) -> Callable[[Settings], Mapping[str, str]]:
    def env(settings: Settings) -> Mapping[str, str]:
        relay = settings.model_copy(update={"service": "intake"}).relay_database_url
        return {**sink.environ(), **FAST_RECOVERY, "WIR_DATABASE_RELAY_URL": proxy.relay_url(relay)}

    return env


@contextlib.asynccontextmanager
async def rigged(node: BrokerNode) -> AsyncIterator[Rig]:
    """The platform under test, with the SMTP sink, the relays' proxy and an observer."""
    proxy = RelayProxy(Settings().database_admin_url)
    await proxy.start()
    try:
        with mail_sink(free_port()) as sink:
            env = services_env(sink, proxy)
            async with sandbox(SERVICES, env, amqp_url=node.amqp_url) as platform:
                db = await asyncpg.connect(
                    platform.settings.database_admin_url,
                    timeout=ANSWER_TIMEOUT_S,
                    command_timeout=ANSWER_TIMEOUT_S,
                )
                try:
                    yield Rig(platform, node, proxy, db, sink, poison=[])
                finally:
                    await db.close()
    finally:
        await proxy.close()


@dataclasses.dataclass
class Outcome:
    rows: list[Row] = dataclasses.field(default_factory=list)
    batches: list[list[Registration]] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    reads: Counter[str] = dataclasses.field(default_factory=Counter)
    letters: dict[str, int] = dataclasses.field(default_factory=dict)
    #: message_id → reason of each message in the poisoned subscriber's DLQ.
    reasons: dict[str, str] = dataclasses.field(default_factory=dict)


def publish(config: pytest.Config, outcome: Outcome) -> None:
    """The table so far: in the terminal summary and in build/fault-matrix.md."""
    text = markdown(outcome.rows) + "".join(f"\n\n{note}" for note in outcome.notes)
    config.stash[MATRIX_TABLE] = text
    out = Path(config.rootpath) / "build" / "fault-matrix.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("# Fault matrix\n\n" + text + "\n")


async def run_matrix(rig: Rig, config: pytest.Config, outcome: Outcome) -> None:
    settings = rig.platform.settings
    tokens = {
        district: issue_dev_token(
            settings, sub=f"faults-{district}", district=district, roles=["case_manager"]
        )
        for district in (BERGSTRASSE, MAIN_KINZIG)
    }
    async with httpx.AsyncClient(timeout=10.0, limits=httpx.Limits(max_connections=100)) as http:
        for index, (name, fault) in enumerate(MATRIX):
            row, batch = await run_phase(rig, http, tokens, index, name, fault)
            outcome.rows.append(row)
            outcome.batches.append(batch)
            publish(config, outcome)
            if row.converged_s is None:
                # What is left over would blur every later row: the matrix ends here.
                left = ", ".join(later for later, _ in MATRIX[index + 1 :])
                outcome.notes.append(f"not run, as {name!r} did not converge: {left or 'none'}")
                break
        # Late effects (a second e-mail once a lease ran out) count too; the outbox (all of it)
        # is counted as each phase left it.
        outcome.rows = [
            dataclasses.replace(row, effects=await effects(rig.db, rig.sink, batch, row.effects.stuck_outbox))
            for row, batch in zip(outcome.rows, outcome.batches, strict=True)
        ]
        landed = [r for batch in outcome.batches for r in batch if r.person_id is not None]
        foreign = [str(r.person_id) for r in landed if r.district == BERGSTRASSE]
        outcome.reads = await cross_district_reads(http, rig.platform, tokens[MAIN_KINZIG], foreign)
    outcome.letters = await dead_letters(settings)
    outcome.reasons = await dead_letter_reasons(settings, poison_dlq(settings))
    outcome.notes += [
        f"cross-district reads (district {MAIN_KINZIG} reading {len(foreign)} people of "
        f"{BERGSTRASSE} by id, and its whole list): {dict(outcome.reads)}; leaks: {leaks(outcome.reads)}",
        f"dead letters at the end: {outcome.letters or 'none'}; reasons: {outcome.reasons or 'none'}",
    ]


def poison_dlq(settings: Settings) -> str:
    return f"{settings.queue_prefix}{POISONED}.dlq"


@pytest.mark.timeout(480)
async def test_fault_matrix(broker_node: BrokerNode, request: pytest.FixtureRequest) -> None:
    started = time.monotonic()
    outcome = Outcome()
    try:
        async with rigged(broker_node) as rig:
            await run_matrix(rig, request.config, outcome)
    finally:
        outcome.notes.append(f"matrix took {time.monotonic() - started:.0f} s")
        publish(request.config, outcome)

    problems = [problem for row in outcome.rows for problem in findings(row)]
    unexpected = {k: n for k, n in outcome.reads.items() if not k.endswith((" 404", LISTED))}
    if leaks(outcome.reads) or unexpected:
        problems.append(f"cross-district reads: {dict(outcome.reads)}")
    # Every duplicate must be one the sender knew it might cause, and said so (counted, logged).
    announced = rig.platform.log.read_text(errors="replace").count('"possible duplicate"')
    duplicates = sum(row.effects.duplicate_emails for row in outcome.rows)
    if duplicates > announced:
        problems.append(f"{duplicates} e-mails sent twice, {announced} announced as possible duplicates")
    expected = poison_dlq(rig.platform.settings)
    if outcome.letters != {expected: len(rig.poison)}:
        problems.append(f"dead letters {outcome.letters}, expected only the poison message in {expected}")
    if set(outcome.reasons) != set(rig.poison) or not all(outcome.reasons.values()):
        problems.append(f"poison message dead-lettered without its id or reason: {outcome.reasons}")
    assert not problems, "\n".join(problems)


def findings(row: Row) -> list[str]:
    e = row.effects
    bound = MAX_DUPLICATE_EMAILS if row.fault == NOTIFICATIONS_KILLED else 0
    found = []
    if e.accepted != PER_FAULT:
        found.append(f"{row.fault}: {PER_FAULT - e.accepted} registrations never accepted")
    if row.lost:
        found.append(f"{row.fault}: lost {row.lost} ({e.shortfall()})")
    if e.duplicate_records:
        found.append(f"{row.fault}: {e.duplicate_records} records opened twice")
    if e.duplicate_emails > bound:
        found.append(
            f"{row.fault}: {e.duplicate_emails} welcome e-mails sent twice ({row.same_message_id} with "
            f"the first copy's Message-ID; bound {bound}, see services/notifications/README.md)"
        )
    if e.duplicate_emails > row.same_message_id:
        # The README promises a resend keeps the Message-ID, so that a mail server can fold it.
        found.append(
            f"{row.fault}: {e.duplicate_emails - row.same_message_id} resent e-mails with a new Message-ID"
        )
    errors = {answer: n for answer, n in row.refusals.items() if answer.startswith("5") and answer != "503"}
    if errors:
        # A fault the service can name is a 503 with Retry-After, never an internal error.
        found.append(f"{row.fault}: server errors {errors}")
    if e.stuck_outbox:
        found.append(f"{row.fault}: {e.stuck_outbox} outbox rows not published")
    if row.converged_s is None:
        found.append(f"{row.fault}: not converged within {CONVERGE_TIMEOUT_S:g} s ({e.shortfall()})")
    return found
