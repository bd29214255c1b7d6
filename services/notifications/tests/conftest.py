"""Fixtures of the notifications tests: a real SMTP server (aiosmtpd), a real HTTP SMS provider
(the standard library's HTTP server), and the service started on the kit's real PostgreSQL and
RabbitMQ fixtures.
"""

from __future__ import annotations

import inspect
import json
import socket
import threading
import time as clock
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from uuid import UUID, uuid4

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.intake.v1 import PersonContactChanged, PersonRegistered
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeclined,
    InterpretingUnfilled,
)
from wir_contracts.matching.v1 import (
    EndReason,
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    VolunteerComplianceExpiring,
    VolunteerSuspended,
)
from wir_kit import Settings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden, golden_examples
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, rows
from wir_kit.testing.waiting import eventually
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.domain import appointment_notices, notices
from wir_notifications.main import build
from wir_notifications.settings import NotificationSettings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# -- SMTP -----------------------------------------------------------------------------------


@dataclass
class Received:
    message: EmailMessage
    recipients: list[str]
    at: datetime

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())


@dataclass
class SmtpSink:
    """An SMTP server that keeps what it accepts; replies can be scripted per command."""

    port: int
    messages: list[Received] = field(default_factory=list)
    #: Replies to DATA, used up one per message before the sink accepts again.
    data_replies: deque[str] = field(default_factory=deque)
    #: A reply to every RCPT (e.g. a permanent 550), None to accept.
    rcpt_reply: str | None = None
    logins: list[str] = field(default_factory=list)
    tls_sessions: int = 0

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.rcpt_reply is not None:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.data_replies:
            return self.data_replies.popleft()
        if session.ssl is not None:
            self.tls_sessions += 1
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(Received(parsed, list(envelope.rcpt_tos), datetime.now(UTC)))
        return "250 2.0.0 accepted"

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.recipients]


def start_sink(sink: SmtpSink, **server: Any) -> Controller:
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port, **server)
    controller.start()
    return controller


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=free_port())
    controller = start_sink(sink)
    yield sink
    controller.stop()


@dataclass
class LateSink:
    """A mail server that is down until the test starts it."""

    sink: SmtpSink
    controllers: list[Controller] = field(default_factory=list)

    def start(self, **server: Any) -> SmtpSink:
        self.controllers.append(start_sink(self.sink, **server))
        return self.sink


@pytest.fixture
def late_smtp_sink() -> Iterator[LateSink]:
    late = LateSink(SmtpSink(port=free_port()))
    yield late
    for controller in late.controllers:
        controller.stop()


# -- SMS provider ---------------------------------------------------------------------------


@dataclass
class SmsRequest:
    headers: dict[str, str]
    body: dict[str, Any]
    at: datetime


@dataclass
class SmsProvider:
    """A provider's HTTP endpoint: records each request; replies can be scripted."""

    url: str = ""
    requests: list[SmsRequest] = field(default_factory=list)
    #: (status, body, delay in seconds) per request before the default 200 answer.
    replies: deque[tuple[int, bytes, float]] = field(default_factory=deque)
    always: tuple[int, bytes] | None = None

    def to(self, number: str) -> list[SmsRequest]:
        return [r for r in self.requests if r.body.get("to") == number]

    def reply(self) -> tuple[int, bytes, float]:
        if self.replies:
            return self.replies.popleft()
        if self.always is not None:
            return (*self.always, 0.0)
        return 200, json.dumps({"message_id": f"sms-{len(self.requests)}"}).encode(), 0.0


def _handler(provider: SmsProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            provider.requests.append(SmsRequest(dict(self.headers), body, datetime.now(UTC)))
            status, answer, delay = provider.reply()
            if delay:
                clock.sleep(delay)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read the recorded requests instead."""

    return Handler


@pytest.fixture
def sms_provider() -> Iterator[SmsProvider]:
    provider = SmsProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    # A request a test left hanging (a slow answer) must not hold up the teardown.
    server.block_on_close = False
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/v1/messages"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield provider
    server.shutdown()
    server.server_close()


# -- the service ----------------------------------------------------------------------------


@dataclass
class Notifications:
    """The service under test, started on the real database and broker: the harness's
    `wir_kit.testing` helpers take its `runtime`; what only this service has is here."""

    runtime: Runtime
    config: NotificationSettings

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    async def history(
        self, district: str, person_or_helper: UUID, *, parking: bool = False
    ) -> list[tuple[Any, ...]]:
        """(channel, status, attempt, detail) of the recipient's notifications, in order; without
        `parking`, only the channels' steps (whether a message waited depends on arrival order)."""
        found = await rows(
            self.runtime,
            district,
            "SELECT h.channel, h.status, h.attempt, h.detail FROM delivery_history h "
            "JOIN notifications n USING (notification_id) WHERE n.recipient_id = $1 ORDER BY h.seq",
            person_or_helper,
        )
        steps = [tuple(row.values()) for row in found]
        return steps if parking else [step for step in steps if step[0] is not None]

    async def status(self, district: str, recipient_id: UUID) -> list[str]:
        found = await rows(
            self.runtime,
            district,
            "SELECT status FROM notifications WHERE recipient_id = $1 ORDER BY created_at",
            recipient_id,
        )
        return [row["status"] for row in found]

    async def put_district_settings(self, district: str = BERGSTRASSE, **body: Any) -> None:
        payload = {"quiet_hours_start": "00:00", "quiet_hours_end": "00:00", **body}
        coordinator = bearer(self.runtime, "coordinator", district=district, sub="coord-1")
        async with http_client(self.runtime) as http:
            answer = await http.put("/district-settings", json=payload, headers=coordinator)
        assert answer.status_code == 200, answer.text


Starter = Callable[..., Awaitable[Notifications]]


@pytest.fixture
def start_notifications(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, smtp_sink: SmtpSink, sms_provider: SmsProvider
) -> Starter:
    """Start the service against the test's SMTP sink and SMS provider, with short waits and
    no quiet hours unless a test sets them."""

    async def start(
        renderer: Renderer | None = None, settings: Settings | None = None, **overrides: Any
    ) -> Notifications:
        """`settings` of a running instance start another replica of it."""
        values: dict[str, Any] = {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_sink.port,
            "smtp_timeout_s": 5.0,
            "sms_url": sms_provider.url,
            "sms_api_key": "test-provider-key",
            "sms_timeout_s": 2.0,
            "retry_delays_s": [0.2, 0.4],
            "retry_jitter": 0.0,
            "quiet_hours_start": time(0, 0),
            "quiet_hours_end": time(0, 0),
            "worker_poll_s": 0.5,
            "lease_s": 10.0,
            "park_check_s": 0.2,
            **overrides,
        }
        config = NotificationSettings(**values)
        settings = settings or wir_settings(service="notifications")
        runtime = await wir_runtime(build(config, renderer), settings)
        return Notifications(runtime, config)

    return start


async def _until(probe: Callable[[], Any], timeout: float = 15.0) -> Any:
    async def check() -> Any:
        result = probe()
        return await result if inspect.isawaitable(result) else result

    result = await eventually(check, timeout=timeout)
    assert result, "condition not reached in time"
    return result


@pytest.fixture
def unused_port() -> int:
    """A local port nothing listens on."""
    return free_port()


class Person(NamedTuple):
    """Intake's two events about a new person, and the addresses they carry."""

    registered: PersonRegistered
    contact: PersonContactChanged
    email: str
    mobile: str | None


def _person(
    channels: Sequence[str] = ("email",),
    *,
    languages: Sequence[str] = ("eng",),
    consents: Sequence[str] = ("processing", "contact_email", "contact_sms"),
    email: str | None = None,
    mobile: str | None = "+4915100000042",
    name: str = "Amina",
) -> Person:
    person_id = uuid4()
    email = email or f"{person_id.hex[:12]}@example.org"
    registered = golden(
        PersonRegistered,
        person_id=person_id,
        languages=list(languages),
        preferred_language=languages[0],
        # The example's levels are of its own languages; these languages have none known.
        language_levels=[],
        consents=list(consents),
    )
    contact = golden(
        PersonContactChanged,
        person_id=person_id,
        contact={"display_name": name, "email": email, "mobile": mobile, "channels": list(channels)},
    )
    return Person(registered, contact, email, mobile)


@pytest.fixture
def person() -> Callable[..., Person]:
    """`person(channels=("email",), *, languages=("eng",), consents=..., email=..., mobile=..., name=...)`:
    a new person as intake announces them, agreeing to be contacted (by default, at an e-mail
    address of their own)."""
    return _person


@pytest.fixture
def until() -> Callable[..., Awaitable[Any]]:
    """`await until(probe)`: the first truthy result of a probe (plain or async); fails the test
    when none comes within the bound."""
    return _until


# -- every template from the contracts' golden examples -------------------------------------

GOLDEN_SOURCES: dict[type, Callable[[Any], list[notices.Notice]]] = {
    PersonRegistered: lambda e: [notices.welcome(e)],
    MatchProposed: notices.match_proposed,
    MatchAccepted: notices.match_accepted,
    InterpreterAssigned: appointment_notices.interpreter_assigned,
    AppointmentReminderDue: appointment_notices.appointment_reminder,
    # With and without the appointment's time and place (a 1.0 producer sends none).
    AppointmentConfirmed: lambda e: [
        *appointment_notices.appointment_confirmed(e),
        *appointment_notices.appointment_confirmed(e.model_copy(update={"appointment": None})),
    ],
    # Every side of a cancellation, with and without the details, by whom and how late.
    AppointmentCancelled: lambda e: [
        *appointment_notices.appointment_cancelled(e),
        *appointment_notices.appointment_cancelled(
            e.model_copy(update={"appointment": None, "cancelled_by": None, "short_notice": True})
        ),
    ],
    # The interpreter who keeps it is asked with the link; without, the others are told, and
    # one who cannot take the new time is let go.
    AppointmentRescheduled: lambda e: [
        *appointment_notices.appointment_rescheduled(e),
        *appointment_notices.appointment_rescheduled(
            e.model_copy(
                update={
                    "interpreter_id": None,
                    "respond_by": None,
                    "answer_url": None,
                    "released_interpreter_id": e.interpreter_id,
                }
            )
        ),
    ],
    # The golden example declined a request (nobody is told); one given back after confirming.
    InterpreterDeclined: lambda e: appointment_notices.interpreter_declined(
        e.model_copy(update={"after_confirming": True})
    ),
    InterpretingUnfilled: lambda e: [*appointment_notices.interpreting_unfilled(e), *_unfilled_staff(e)],
    InterpreterComplianceExpiring: appointment_notices.interpreter_compliance_expiring,
    # The person and the employer.
    CompetenceRecordShared: lambda e: [
        *notices.competence_shared(e),
        notices.employer_share(e, uuid4(), f"https://competence.example/shares/{e.share_id}"),
    ],
    # Both sides of a withdrawal: the volunteer's message for a proposal and a running
    # mentorship, and the person's of a running one.
    MatchWithdrawn: lambda e: [
        *notices.match_withdrawn(e, running=False),
        *notices.match_withdrawn(e, running=True),
    ],
    # The golden example ran its course, which the person is not told of; one ended by the
    # volunteer they are.
    MentorshipEnded: lambda e: notices.mentorship_ended(
        e.model_copy(update={"reason": EndReason.ENDED_BY_VOLUNTEER})
    ),
    VolunteerComplianceExpiring: notices.compliance_expiring,
    VolunteerSuspended: notices.volunteer_suspended,
    MatchDeclined: lambda e: _staff(e),
    MatchExpired: lambda e: _staff(e),
    PersonWaitingForMentor: lambda e: _staff(e),
}


def _staff(event: MatchDeclined | MatchExpired | PersonWaitingForMentor) -> list[notices.Notice]:
    template, facts = notices.staff_facts(event)
    return notices.for_staff(template, [uuid4()], facts)


def _unfilled_staff(event: InterpretingUnfilled) -> list[notices.Notice]:
    template, facts = appointment_notices.unfilled_for_staff(event)
    return notices.for_staff(template, [uuid4()], facts)


@pytest.fixture(scope="session")
def golden_notices() -> list[notices.Notice]:
    """Notices of every template, from the golden example events of the contracts."""
    return [
        notice
        for event, make in GOLDEN_SOURCES.items()
        for example in golden_examples(event)
        for notice in make(example)
    ]
