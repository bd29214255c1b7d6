"""A PDF is laid out with no transaction open, and only a document that was made gets a code."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from wir_competence.adapters import pdf
from wir_competence.api import documents, share_links
from wir_competence.domain.document import Document
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import rows


class RenderFailed(RuntimeError):
    """The layout broke (a font, a glyph, memory)."""


class Admin:
    """A superuser session opened before the request, so the render's thread can ask the
    database what the service holds (on the test's loop, which is free while it renders)."""

    def __init__(self, connection: asyncpg.Connection, loop: asyncio.AbstractEventLoop) -> None:
        self.connection = connection
        self.loop = loop

    def fetchval(self, query: str, *args: Any) -> Any:
        """From another thread."""
        asked = asyncio.run_coroutine_threadsafe(self.connection.fetchval(query, *args), self.loop)
        return asked.result(timeout=30)


@pytest.fixture
async def admin(competence: Runtime) -> AsyncIterator[Admin]:
    # A row lock held across the render would block an erasure for good: fail instead.
    connection = await asyncpg.connect(
        competence.settings.database_admin_url, server_settings={"lock_timeout": "5s"}
    )
    yield Admin(connection, asyncio.get_running_loop())
    await connection.close()


def _spy(runtime: Runtime, admin: Admin, seen: list[tuple[int, int]]) -> Callable[[Document], bytes]:
    """The renderer, noting the service's sessions that sit in a transaction, and its pool's
    connections checked out, while it lays the document out."""
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE application_name = $1 AND state LIKE 'idle in transaction%'"
    )

    def render(document: Document) -> bytes:
        in_transaction = admin.fetchval(query, f"wir-{runtime.settings.service}")
        checked_out = runtime.db.pool.get_size() - runtime.db.pool.get_idle_size()
        seen.append((in_transaction, checked_out))
        return pdf.render(document)

    return render


async def test_no_transaction_is_open_while_the_staff_pdf_is_laid_out(
    competence: Runtime,
    admin: Admin,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person_id = await register()
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(documents, "render", _spy(competence, admin, seen))

    answer = await http.get(f"/records/{person_id}/document.pdf", headers=headers())

    assert answer.status_code == 200
    assert seen == [(0, 0)]
    assert len(await rows(competence, BERGSTRASSE, "SELECT code FROM documents")) == 1


async def test_no_transaction_is_open_while_a_shared_pdf_is_laid_out(
    competence: Runtime,
    admin: Admin,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    samples: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person_id = await register()
    await http.post(f"/records/{person_id}/entries", json=samples["work"], headers=headers())
    share = await http.post(
        f"/records/{person_id}/shares",
        json={
            "sections": ["work"],
            "recipient_organisation": "Elektro Muster GmbH",
            "recipient_email": "hr@example.org",
            "expires_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        },
        headers=headers(),
    )
    token = share.json()["url"].rsplit("/", 1)[-1]
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(share_links, "render", _spy(competence, admin, seen))

    answer = await http.get(f"/shares/{token}/document.pdf")

    assert answer.status_code == 200
    assert seen == [(0, 0)]


async def test_a_render_that_fails_leaves_no_code_and_logs_no_issue(
    competence: Runtime, register: Any, http: httpx.AsyncClient, headers: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = await register()

    def broken(document: Document) -> bytes:
        raise RenderFailed("no glyph")

    monkeypatch.setattr(documents, "render", broken)

    try:
        answer = await http.get(f"/records/{person_id}/document.pdf", headers=headers())
        assert answer.status_code == 500
    except RenderFailed:
        pass  # the test client hands the app's error on as it is

    assert await rows(competence, BERGSTRASSE, "SELECT code FROM documents") == []
    issued = "SELECT count(*) FROM access_log WHERE action = 'document_issued'"
    assert (await rows(competence, BERGSTRASSE, issued))[0][0] == 0


async def test_a_record_erased_while_its_pdf_is_laid_out_gets_no_code(
    competence: Runtime,
    admin: Admin,
    register: Any,
    http: httpx.AsyncClient,
    headers: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person_id = await register()
    schema = competence.settings.pg_schema

    def erased_meanwhile(document: Document) -> bytes:
        erase = f"DELETE FROM {schema}.records WHERE person_id = $1"
        admin.fetchval(erase, person_id)
        return pdf.render(document)

    monkeypatch.setattr(documents, "render", erased_meanwhile)

    answer = await http.get(f"/records/{person_id}/document.pdf", headers=headers())

    assert answer.status_code == 404
    assert await rows(competence, BERGSTRASSE, "SELECT code FROM documents") == []
