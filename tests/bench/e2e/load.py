"""The load: registrations POSTed to intake, spread over districts, at a fixed rate or by many
clients as fast as they can; and the arrival of their welcome e-mails at the sink."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from wir_contracts.districts import District, DistrictKind
from wir_kit.auth import issue_dev_token
from wir_kit.settings import Settings
from wir_ops.commands.run_mail_sink import MailSink

LANGUAGES = ["arb", "ukr", "tur", "prs", "eng", "deu"]


class PlatformFailed(RuntimeError):
    """The platform refused a registration, stopped answering or lost its effects."""


@dataclass(frozen=True)
class Target:
    """Where a registration goes: a district, a municipality in it, a case manager's token."""

    district: str
    municipality: str
    token: str


def municipality_in(district: District) -> str:
    """A municipality key that lies in `district`: a Sonderstatusstadt is its own; a city's
    municipality is numbered 000; a Kreis's are numbered from 001, and 002 is no
    Sonderstatusstadt in any Hessian Kreis."""
    if district.kind is DistrictKind.SONDERSTATUSSTADT:
        return district.key
    if district.kind is DistrictKind.KREISFREIE_STADT:
        return f"{district.key}000"
    return f"{district.key}002"


def targets(settings: Settings, districts: Sequence[District]) -> list[Target]:
    return [
        Target(
            d.key,
            municipality_in(d),
            issue_dev_token(settings, sub=f"bench-{d.key}", district=d.key, roles=["case_manager"]),
        )
        for d in districts
    ]


def registration(n: int, email: str, municipality: str) -> dict[str, object]:
    language = LANGUAGES[n % len(LANGUAGES)]
    return {
        "given_names": f"Bench{n}",
        "family_name": f"Person{uuid.uuid4().hex[:6]}",
        "date_of_birth": {"year": 1970 + n % 40},
        "country_of_origin": "SY",
        "languages": [{"language": language, "level": "native"}],
        "preferred_language": language,
        "contact": {"email": email, "channels": ["email"]},
        "municipality": municipality,
        "arrival_date": "2026-11-01",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": "processing", "given": True, "legal_basis": "consent"},
            {"purpose": "contact_email", "given": True, "legal_basis": "consent"},
        ],
    }


#: Idle connections are let go well before uvicorn's keep-alive of 5 s ends them: at the same
#: 5 s (httpx's default) a POST could go out on a connection the server was just closing.
KEEPALIVE_S = 2.0
ONE_CONNECTION = httpx.Limits(max_connections=1, keepalive_expiry=KEEPALIVE_S)


@dataclass
class Load:
    """Posts registrations round-robin over `targets` and remembers when each one started."""

    http: httpx.AsyncClient
    url: str
    targets: Sequence[Target]
    #: Start (time.monotonic()) of each registration's POST, by its e-mail address.
    started: dict[str, float] = field(default_factory=dict)
    numbers: itertools.count[int] = field(default_factory=itertools.count)

    async def register(self, connection: httpx.AsyncBaseTransport | None = None) -> None:
        """One registration, over `connection` if given, else the shared client."""
        n = next(self.numbers)
        target = self.targets[n % len(self.targets)]
        email = f"bench-{n}-{uuid.uuid4().hex[:8]}@example.org"
        request = httpx.Request(
            "POST",
            self.url,
            json=registration(n, email, target.municipality),
            headers={"Idempotency-Key": str(uuid.uuid4()), "Authorization": f"Bearer {target.token}"},
            extensions={"timeout": self.http.timeout.as_dict()},
        )
        # Known before the answer comes: the e-mail may arrive first.
        self.started[email] = time.monotonic()
        try:
            if connection is None:
                answer = await self.http.send(request)
            else:
                # The client's cookies, redirects and auth cost the bench a quarter of its CPU,
                # and a registration needs none of them.
                answer = await connection.handle_async_request(request)
                await answer.aread()
                await answer.aclose()
        except httpx.HTTPError as exc:
            raise PlatformFailed(f"POST /persons failed: {type(exc).__name__}") from None
        if answer.status_code != 201:
            raise PlatformFailed(
                f"POST /persons answered {answer.status_code} for district {target.district}"
            )

    async def fixed_rate(self, rate: float, count: int) -> None:
        """`count` registrations, one every 1/`rate` s whether or not the previous ones are done."""
        tasks = []
        start = time.monotonic()
        for n in range(count):
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            tasks.append(asyncio.create_task(self.register()))
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def saturation(self, clients: int, count: int) -> None:
        """`count` registrations by `clients` clients each posting the next when one is done."""
        left = iter(range(count))

        # Each client on a connection of its own: httpx's pool checks every connection it holds
        # for each request (a third of the bench's CPU with one pool of 32).
        async def client() -> None:
            async with httpx.AsyncHTTPTransport(limits=ONE_CONNECTION) as own:
                for _ in left:
                    await self.register(own)

        async with asyncio.TaskGroup() as group:
            for _ in range(clients):
                group.create_task(client())


@dataclass
class Arrivals:
    """The welcome e-mails of a phase's registrations as the sink accepts them."""

    sink: MailSink
    load: Load
    #: The time each registration's first e-mail was accepted, by address.
    at: dict[str, float] = field(default_factory=dict)
    seen: int = 0

    def __post_init__(self) -> None:
        self.seen = len(self.sink.received)

    def update(self) -> int:
        """Take in what arrived since the last call (new messages only, not all of them);
        return how many of the phase's registrations have their e-mail."""
        news = self.sink.received[self.seen :]
        self.seen += len(news)
        for message in news:
            for address in message.recipients:
                if address in self.load.started and address not in self.at:
                    self.at[address] = message.at
        return len(self.at)
