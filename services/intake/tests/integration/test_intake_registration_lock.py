"""Registrations that the duplicate check could confuse take turns; all others run side by side.

Two connections of the real PostgreSQL, interleaved by hand: the first registration holds its
transaction open after its check, and the second is watched in `pg_locks`.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest

from wir_intake.commands import persons as commands
from wir_intake.db.persons import RegistrationLock
from wir_intake.domain.errors import PossibleDuplicates
from wir_intake.domain.person import PersonData
from wir_kit import Tx
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.waiting import eventually

if TYPE_CHECKING:
    from conftest import Intake

Body = Callable[..., dict[str, Any]]

# A clearly different person: no name word in common with Amina Rahimi, same birth year.
OLENA = {"given_names": "Olena", "family_name": "Kovalenko", "transliteration": None}


def _person(person_body: Body, **overrides: Any) -> PersonData:
    body = person_body(**overrides)
    body.pop("consents")
    return PersonData.model_validate(body)


@asynccontextmanager
async def _open_registration(
    intake: Intake, person: PersonData, *, confirmed_new: bool = False
) -> AsyncIterator[UUID]:
    """A registration that has passed its check and written the person, committed on leaving."""
    async with intake.runtime.db.transaction(BERGSTRASSE) as tx:
        stored = await commands.register(tx, "cm-1", person, [], confirmed_new=confirmed_new, fields=[])
        yield stored.id


async def _register(tx: Tx, person: PersonData, confirmed_new: bool = False) -> UUID:
    stored = await commands.register(tx, "cm-2", person, [], confirmed_new=confirmed_new, fields=[])
    return stored.id


class Second:
    """A second registration on a connection of its own, run as a task."""

    def __init__(self, intake: Intake, person: PersonData, *, confirmed_new: bool = False) -> None:
        self.intake = intake
        self.pid: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.task = asyncio.create_task(self._run(person, confirmed_new))

    async def _run(self, person: PersonData, confirmed_new: bool) -> UUID:
        try:
            async with self.intake.runtime.db.transaction(BERGSTRASSE) as tx:
                self.pid.set_result(tx.conn.get_server_pid())
                return await _register(tx, person, confirmed_new)
        finally:
            if not self.pid.done():  # a test watching the connection must not wait forever
                self.pid.set_exception(RuntimeError("the second registration found no connection"))

    async def advisory_locks(self, *, granted: bool) -> int:
        pid = await self.pid
        return await self.intake.count(
            BERGSTRASSE,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = $1 AND granted = $2",
            pid,
            granted,
        )

    async def waits(self) -> bool:
        return await self.advisory_locks(granted=False) > 0


SAME_PERSON = [
    pytest.param({"family_name": "Rahimy", "transliteration": None}, id="a_sound_alike"),
    # "rahini" sounds different (RHN, not RHM): only the trigram similarity finds it.
    pytest.param({"family_name": "Rahini", "transliteration": None}, id="a_typo"),
    pytest.param({"family_name": "Rahimi", "date_of_birth": None}, id="an_unknown_birth_year"),
]


@pytest.mark.parametrize("again", SAME_PERSON)
async def test_two_registrations_of_the_same_person_cannot_both_pass_the_check(
    intake: Intake, person_body: Body, again: dict[str, Any]
) -> None:
    async with _open_registration(intake, _person(person_body)) as first:
        second = Second(intake, _person(person_body, **again))
        assert await eventually(second.waits), "the second check did not wait for the first registration"
        assert not second.task.done()

    with pytest.raises(PossibleDuplicates) as refused:
        await second.task
    assert list(refused.value.candidates) == [first]


async def test_a_registration_rolled_back_while_another_waits_for_it_is_no_candidate(
    intake: Intake, person_body: Body
) -> None:
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned):
        async with _open_registration(intake, _person(person_body)):
            second = Second(intake, _person(person_body, family_name="Rahimy", transliteration=None))
            assert await eventually(second.waits)
            raise Abandoned

    assert isinstance(await second.task, UUID)


async def test_two_different_people_of_one_district_and_birth_year_do_not_wait_for_each_other(
    intake: Intake, person_body: Body
) -> None:
    async with _open_registration(intake, _person(person_body)):
        second = Second(intake, _person(person_body, **OLENA))
        registered = await asyncio.wait_for(second.task, timeout=30)
    assert await intake.count(BERGSTRASSE, "SELECT count(*) FROM persons WHERE id = $1", registered) == 1


async def test_a_registration_confirmed_as_new_takes_no_lock_and_waits_for_nobody(
    intake: Intake, person_body: Body
) -> None:
    async with _open_registration(intake, _person(person_body)):
        second = Second(intake, _person(person_body), confirmed_new=True)
        await asyncio.wait_for(second.task, timeout=30)


async def test_a_confirmed_registration_takes_no_advisory_lock(intake: Intake, person_body: Body) -> None:
    async with intake.runtime.db.transaction(BERGSTRASSE) as tx:
        await _register(tx, _person(person_body), confirmed_new=True)
        held = await tx.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
    assert held == 0


# Whichever of two people the check could find in the other, their locks must conflict. The
# names below, and variants with the typos and transliterations people make, are registered in
# one transaction (rolled back); each variant's candidates must share a lock with it.
NAMES = [
    "Amina Rahimi", "Muhammad Al-Hassan", "Olena Kovalenko", "Ahmad Karimi", "Fatima Nouri",
    "Yusuf Demir", "Maryam Hosseini", "Ali Haidari", "Ivan Petrenko", "Zainab Ahmadi",
    "Omar Sharif", "Leyla Aydin", "Hassan Mahmoud", "Sara Abbasi", "Reza Mohammadi",
    "Daria Shevchenko", "Mustafa Yilmaz", "Nadia Haddad", "Khalid Osman", "Samira Jaber",
]  # fmt: skip
SPELLINGS = [
    ("Muhammad", "Mohammed"), ("Hassan", "Hasan"), ("Al-", "Al "), ("Yusuf", "Youssef"),
    ("Ahmad", "Ahmed"), ("Hosseini", "Husseini"), ("Zainab", "Zeynab"), ("Omar", "Umar"),
]  # fmt: skip


def _typo(rng: random.Random, name: str) -> str:
    at = rng.randrange(len(name))
    letter = rng.choice("aeioulnrsmhdky")
    edits = [
        name[:at] + name[at + 1 :],
        name[:at] + letter + name[at + 1 :],
        name[:at] + letter + name[at:],
        name[:at] + name[at + 1 : at + 2] + name[at : at + 1] + name[at + 2 :],
    ]
    return rng.choice(edits)


def _variants(rng: random.Random) -> list[str]:
    variants = []
    for name in NAMES:
        for old, new in SPELLINGS:
            if old in name:
                variants.append(name.replace(old, new))
        variants += [_typo(rng, name) for _ in range(8)]
        variants.append(_typo(rng, _typo(rng, name)))
    return variants


def _conflict(mine: list[RegistrationLock], theirs: list[RegistrationLock]) -> bool:
    held = {lock.id: lock.exclusive for lock in theirs}
    return any(lock.id in held and (lock.exclusive or held[lock.id]) for lock in mine)


async def test_people_the_check_would_confuse_always_share_a_lock(intake: Intake, person_body: Body) -> None:
    class RolledBack(Exception):
        pass

    rng = random.Random(10)
    matched = unrelated = 0

    def person(name: str, year: int | None) -> PersonData:
        born = None if year is None else {"year": year}
        return _person(
            person_body, given_names=name, family_name=None, transliteration=None, date_of_birth=born
        )

    async def locks_of(someone: PersonData) -> list[RegistrationLock]:
        # Each in a short transaction of its own: the locks go at once, and none is held where
        # the people are registered (confirmed, so that takes none either).
        async with intake.runtime.db.transaction(BERGSTRASSE) as tx:
            return await commands.lock_similar(tx, someone)

    with pytest.raises(RolledBack):
        async with intake.runtime.db.transaction(BERGSTRASSE) as tx:
            locks: dict[UUID, list[RegistrationLock]] = {}
            for n, name in enumerate(NAMES):
                existing = person(name, None if n % 5 == 0 else 1990)
                locks[await _register(tx, existing, confirmed_new=True)] = await locks_of(existing)
            for variant in _variants(rng):
                new = person(variant, rng.choice([1990, 1990, 1990, None, 1991]))
                mine = await locks_of(new)
                found = set(await commands.possible_duplicates(tx, new))
                for other, theirs in locks.items():
                    if other in found:
                        matched += 1
                        assert _conflict(mine, theirs), f"{variant} matches a person it shares no lock with"
                    elif not _conflict(mine, theirs):
                        unrelated += 1
            raise RolledBack

    assert matched > len(NAMES)  # the variants do find their originals: the claim was tested
    assert unrelated > matched  # and most pairs that do not match do not wait for each other
