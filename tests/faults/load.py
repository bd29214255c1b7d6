"""Registrations at a steady rate, each retried with its Idempotency-Key until intake accepts it.

A client that got no answer (intake killed, a connection cut) cannot know whether the
registration was committed; it asks again with the same key, and intake answers the first
outcome, so a retried registration that lands counts once.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from wir_kit.testing.districts import BERGSTRASSE, GELNHAUSEN, HEPPENHEIM, MAIN_KINZIG

#: (district, municipality) the registrations alternate between.
DISTRICTS = ((BERGSTRASSE, HEPPENHEIM), (MAIN_KINZIG, GELNHAUSEN))
#: How long one registration is retried before the client gives up on it.
RETRY_FOR_S = 60.0
RETRY_PAUSE_S = 0.3
LANGUAGES = ["arb", "ukr", "tur", "prs", "eng", "deu"]


class BadRequest(AssertionError):
    """Intake refused a registration as invalid: the load itself is wrong."""


@dataclass
class Registration:
    n: int
    district: str
    municipality: str
    email: str
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    person_id: str | None = None
    #: Answers other than 201 (by status, or the transport error's name) before it landed.
    refusals: Counter[str] = field(default_factory=Counter)

    def body(self) -> dict[str, object]:
        language = LANGUAGES[self.n % len(LANGUAGES)]
        return {
            "given_names": f"Fault{self.n}",
            "family_name": f"Matrix{uuid.uuid4().hex[:6]}",
            "date_of_birth": {"year": 1970 + self.n % 40},
            "country_of_origin": "SY",
            "languages": [{"language": language, "level": "native"}],
            "preferred_language": language,
            "contact": {"email": self.email, "channels": ["email"]},
            "municipality": self.municipality,
            "arrival_date": "2026-11-01",
            "residence_status": "aufenthaltsgestattung",
            "consents": [
                {"purpose": "processing", "given": True, "legal_basis": "consent"},
                {"purpose": "contact_email", "given": True, "legal_basis": "consent"},
            ],
        }


def registrations(phase: str, count: int, start: int = 0) -> list[Registration]:
    made = []
    for n in range(start, start + count):
        district, municipality = DISTRICTS[n % len(DISTRICTS)]
        email = f"fault-{phase}-{n}-{uuid.uuid4().hex[:6]}@example.org"
        made.append(Registration(n, district, municipality, email))
    return made


async def register(http: httpx.AsyncClient, url: str, token: str, registration: Registration) -> None:
    """POST until 201, with the same Idempotency-Key, for at most RETRY_FOR_S."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RETRY_FOR_S
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": registration.key}
    while loop.time() < deadline:
        try:
            answer = await http.post(url, json=registration.body(), headers=headers)
        except httpx.TransportError as exc:
            registration.refusals[type(exc).__name__] += 1
        else:
            if answer.status_code == 201:
                registration.person_id = answer.json()["id"]
                return
            if answer.status_code in (400, 401, 403, 404, 422):
                raise BadRequest(f"intake answered {answer.status_code}: {answer.text[:300]}")
            registration.refusals[str(answer.status_code)] += 1
        await asyncio.sleep(RETRY_PAUSE_S)


async def steady(
    http: httpx.AsyncClient, url: str, tokens: dict[str, str], batch: list[Registration], rate: float
) -> None:
    """Start one registration every 1/rate seconds; return when all have landed or given up."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with asyncio.TaskGroup() as group:  # cancelled together, when the phase fails
        for i, registration in enumerate(batch):
            await asyncio.sleep(max(0.0, start + i / rate - loop.time()))
            group.create_task(register(http, url, tokens[registration.district], registration))
