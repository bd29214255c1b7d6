"""The self-rated level of each of a person's languages goes to matching on PersonRegistered and
PersonUpdated (`language_levels`), at no extra cost to a registration."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from wir_contracts.intake.v1 import PersonRegistered, PersonUpdated
from wir_kit import Tx
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE

if TYPE_CHECKING:
    from conftest import Intake


async def test_person_registered_carries_every_languages_level_best_first(intake: Intake) -> None:
    async with bus.tap(intake.settings, [PersonRegistered.binding_key()]) as tap:
        await intake.register(
            languages=[
                {"language": "eng", "level": "basic"},
                {"language": "prs", "level": "native"},
                {"language": "fas", "level": "good"},
            ]
        )
        _, payload = await tap.next()
    registered = PersonRegistered.model_validate(payload)
    assert registered.event_version == "1.1"
    assert registered.languages == ("prs", "fas", "eng")
    assert [(k.language, k.level) for k in registered.language_levels] == [
        ("prs", "native"),
        ("fas", "good"),
        ("eng", "basic"),
    ]


async def test_a_changed_level_alone_publishes_person_updated(intake: Intake) -> None:
    person = await intake.register()  # prs native, eng basic
    better = [{"language": "prs", "level": "native"}, {"language": "eng", "level": "good"}]
    async with bus.tap(intake.settings, [PersonUpdated.binding_key()]) as tap:
        response = await intake.http.patch(
            f"/persons/{person['id']}", json={"languages": better}, headers=intake.staff()
        )
        assert response.status_code == 200, response.text
        _, payload = await tap.next()
    updated = PersonUpdated.model_validate(payload)
    assert updated.event_version == "1.1"
    assert updated.aggregate_version == 2 == response.json()["version"]
    assert updated.languages == ("prs", "eng")
    assert [(k.language, k.level) for k in updated.language_levels] == [("prs", "native"), ("eng", "good")]


@pytest.mark.parametrize(
    ("languages", "loc"),
    [
        ([{"language": "prs", "level": "C1"}], ["body", "languages", 0, "level"]),
        ([{"language": "prs", "level": "native"}, {"language": "eng"}], ["body", "languages", 1, "level"]),
        ([{"language": "prs", "level": "native", "cefr": "B2"}], ["body", "languages", 0, "cefr"]),
        ([{"language": "xx", "level": "native"}], ["body", "languages", 0, "language"]),
        (
            [{"language": "prs", "level": "native"}, {"language": "prs", "level": "good"}],
            ["body", "languages"],
        ),
    ],
)
async def test_an_invalid_level_is_named_and_nobody_is_registered(
    intake: Intake, person_body: Callable[..., dict[str, Any]], languages: Any, loc: list[Any]
) -> None:
    response = await intake.http.post(
        "/persons?confirmed_new=true",
        json=person_body(languages=languages),
        headers=intake.staff(**intake.key()),
    )
    assert response.status_code == 422, response.text
    assert loc in [error["loc"] for error in response.json()["detail"]]
    assert "Rahimi" not in response.text
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM persons") == 0


class _Statements:
    """The statements each transaction sends besides BEGIN and COMMIT (the background jobs'
    transactions run meanwhile, so they are told apart by transaction)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[tuple[Tx, str]] = []
        for name in ("execute", "execute_before_events", "executemany", "fetch", "fetchrow", "fetchval"):
            monkeypatch.setattr(Tx, name, self._counted(getattr(Tx, name)))
        write_outbox = Tx.write_outbox

        async def outbox(tx: Tx) -> None:
            if tx._outbox:  # an empty outbox sends nothing
                self.sent.append((tx, "outbox"))
            await write_outbox(tx)

        monkeypatch.setattr(Tx, "write_outbox", outbox)

    def _counted(self, method: Callable[..., Any]) -> Callable[..., Any]:
        async def counted(tx: Tx, query: str, *args: Any) -> Any:
            self.sent.append((tx, query))
            return await method(tx, query, *args)

        return counted

    def of_transaction_with(self, text: str) -> int:
        [tx] = {tx for tx, query in self.sent if text in query}
        return sum(1 for sent, _ in self.sent if sent is tx)


async def test_a_registration_takes_no_more_statements_than_before(
    intake: Intake, person_body: Callable[..., dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    statements = _Statements(monkeypatch)
    await intake.register()
    # A confirmed registration: the person (with consents and audit entry), the stored answer;
    # the idempotency claim goes with BEGIN, its events with the COMMIT.
    assert statements.of_transaction_with("INSERT INTO persons") == 2
    statements.sent.clear()
    nadia = person_body(given_names="Nadia", family_name="Haddad", transliteration="Nadia Haddad")
    checked = await intake.http.post("/persons", json=nadia, headers=intake.staff(**intake.key()))
    assert checked.status_code == 201, checked.text
    # Checked first: the registration lock and one duplicate search per name form (as written,
    # transliterated).
    assert statements.of_transaction_with("INSERT INTO persons") == 2 + 1 + 2
