"""No personal data in a log line: what a case manager types and reads stays out of the web
app's log (and intake's, which runs in the same process here)."""

from __future__ import annotations

import pytest

from wir_kit.runtime import Runtime

from ..conftest import SignedIn
from .support import PERSON_LINK, submit_registration

NAME, FAMILY, EMAIL = "Zaynab", "Qorbani", "zaynab.qorbani@example.org"


async def test_registering_searching_and_reading_a_person_logs_none_of_it(
    signed_in: SignedIn, intake: Runtime, capsys: pytest.CaptureFixture[str]
) -> None:
    client = await signed_in("case_manager", intake=intake)
    capsys.readouterr()

    registered = await submit_registration(
        client, given_names=NAME, family_name=FAMILY, transliteration=f"{NAME} {FAMILY}", email=EMAIL
    )
    person = await client.http.get(registered.headers["location"])
    search = await client.http.get("/people", params={"q": FAMILY})

    assert (registered.status_code, person.status_code) == (303, 200)
    assert FAMILY in person.text and PERSON_LINK.search(search.text)
    logged = "".join(capsys.readouterr())
    # The requests were logged, by their route template.
    assert "/people/{person_id}" in logged and "/persons/search" in logged
    for secret in (NAME, FAMILY, EMAIL, "1994"):
        assert secret not in logged
