"""Intake over HTTP against the real PostgreSQL and RabbitMQ of the kit's fixtures.

What every service's tests need (tokens, the app, the bus, the outbox, golden examples,
districts) comes from `wir_kit.testing`; here only what is intake's own: a valid
registration, and a started intake with its client.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from wir_intake.main import build
from wir_intake.settings import IntakeSettings
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.plugin import RuntimeFactory, SettingsFactory
from wir_kit.testing.service import bearer, http_client, rows


def _person_body(**overrides: Any) -> dict[str, Any]:
    """A valid registration, changed by `overrides`."""
    body: dict[str, Any] = {
        "given_names": "Amina",
        "family_name": "Rahimi",
        "transliteration": "Amina Rahimi",
        "date_of_birth": {"year": 1994},
        "country_of_origin": "AF",
        "nationalities": ["AF"],
        "languages": [{"language": "prs", "level": "native"}, {"language": "eng", "level": "basic"}],
        "preferred_language": "prs",
        "contact": {"phone": "0151 23456789", "channels": ["sms"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-10-20",
        "residence_status": "aufenthaltsgestattung",
        "consents": [{"purpose": "processing", "given": True, "legal_basis": "consent"}],
    }
    body.update(overrides)
    return body


class Intake:
    """A started intake runtime and an HTTP client for its API."""

    def __init__(self, runtime: Runtime, http: httpx.AsyncClient) -> None:
        self.runtime = runtime
        self.http = http
        self.settings = runtime.settings

    def staff(self, district: str = BERGSTRASSE, sub: str = "cm-1", **extra: str) -> dict[str, str]:
        """A case manager's token header, with `extra` headers."""
        return {**bearer(self.runtime, "case_manager", district=district, sub=sub), **extra}

    @staticmethod
    def key() -> dict[str, str]:
        return {"Idempotency-Key": str(uuid.uuid4())}

    async def register(self, district: str = BERGSTRASSE, **overrides: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/persons?confirmed_new=true",
            json=_person_body(**overrides),
            headers=self.staff(district, **self.key()),
        )
        assert response.status_code == 201, response.text
        person: dict[str, Any] = response.json()
        return person

    async def count(self, district: str, query: str, *args: Any) -> int:
        """A count straight from the database, as the service's own role sees it."""
        [row] = await rows(self.runtime, district, query, *args)
        return int(row[0])


@pytest.fixture
def person_body() -> Callable[..., dict[str, Any]]:
    """Make a valid registration body: `person_body(family_name="X")`."""
    return _person_body


@pytest.fixture
def intake_settings() -> IntakeSettings:
    """Intake's own settings for a test (fast periodic checks); a test class overrides this."""
    return IntakeSettings(erasure_check_interval_s=0.2, consent_check_interval_s=0.2)


@pytest.fixture
async def intake(
    wir_settings: SettingsFactory, wir_runtime: RuntimeFactory, intake_settings: IntakeSettings
) -> AsyncIterator[Intake]:
    runtime = await wir_runtime(build(intake_settings), wir_settings("intake"))
    async with http_client(runtime) as http:
        yield Intake(runtime, http)
