"""People's side of matching, kept from events only: profile, consents, open mentoring needs and
German level applied when newer; withdrawals when consent or a need goes; erasure confirmed.
Every change that can alter the district's assignment asks for a run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from uuid import UUID

from wir_contracts.cefr import CefrLevel
from wir_contracts.common.v1 import ErasureCompleted
from wir_contracts.consent import ConsentPurpose
from wir_contracts.intake.v1 import LanguageLevel, SpokenLevel
from wir_contracts.matching.v1 import WithdrawReason
from wir_contracts.services import Service
from wir_kit import Tx
from wir_matching.commands.withdrawals import erase_person_matches, withdraw_person_matches
from wir_matching.db import people
from wir_matching.db.people import OpenNeed
from wir_matching.db.run_requests import request_run

#: Intake's self-rated levels on the CEFR scale the scoring reads, conservatively: "basic" is
#: not enough to mentor in, "good" is independent use (B2), "fluent" proficient use (C1).
SELF_RATED_AS_CEFR: Mapping[SpokenLevel, CefrLevel | None] = MappingProxyType(
    {
        SpokenLevel.NATIVE: None,
        SpokenLevel.FLUENT: CefrLevel.C1,
        SpokenLevel.GOOD: CefrLevel.B2,
        SpokenLevel.BASIC: CefrLevel.A2,
    }
)


def spoken(languages: Sequence[str], levels: Sequence[LanguageLevel]) -> list[dict[str, object]]:
    """Every language the person speaks, with the level intake knows (none where it knows none)."""
    rated = {level.language: level.level for level in levels}
    return [
        {
            "language": language,
            "level": SELF_RATED_AS_CEFR[rated[language]] if language in rated else None,
            "native": rated.get(language) == SpokenLevel.NATIVE,
        }
        for language in languages
    ]


async def apply_profile(
    tx: Tx,
    person_id: UUID,
    municipality: str,
    languages: Sequence[dict[str, object]],
    version: int,
    *,
    run_delay_s: float,
) -> None:
    if await people.apply_profile(tx, person_id, municipality, languages, version):
        await request_run(tx, delay_s=run_delay_s)


async def apply_consents(
    tx: Tx, person_id: UUID, consents: Sequence[str], version: int, *, run_delay_s: float
) -> None:
    """Keep the consents; without consent to share with volunteers the person's proposals and
    mentorships are withdrawn, each announced (nothing ends silently)."""
    if not await people.apply_consents(tx, person_id, consents, version):
        return
    if ConsentPurpose.SHARE_WITH_VOLUNTEERS not in consents:
        await withdraw_person_matches(tx, person_id=person_id, reason=WithdrawReason.CONSENT_WITHDRAWN)
    await request_run(tx, delay_s=run_delay_s)


async def apply_needs(
    tx: Tx, person_id: UUID, needs: Sequence[OpenNeed], version: int, listed_on: date, *, run_delay_s: float
) -> None:
    """Replace the person's open mentoring needs with `needs`; a need no longer listed is closed
    and its proposal or mentorship withdrawn. `listed_on` is the day of the event, the day a new
    need opened unless intake says otherwise."""
    if not await people.apply_needs_version(tx, person_id, version):
        return
    closed = await people.close_needs_except(tx, person_id, [need.need_id for need in needs])
    if closed:
        await withdraw_person_matches(
            tx, person_id=person_id, reason=WithdrawReason.NEED_CLOSED, need_ids=closed
        )
    for need in needs:
        await people.upsert_need(tx, person_id, need, listed_on)
    await request_run(tx, delay_s=run_delay_s)


async def apply_german_level(
    tx: Tx, person_id: UUID, level: str, version: int, *, run_delay_s: float
) -> None:
    if await people.raise_german_level(tx, person_id, level, version):
        await request_run(tx, delay_s=run_delay_s)


async def erase(tx: Tx, person_id: UUID, request_id: UUID, *, run_delay_s: float) -> None:
    """Erase the person, their needs and matches; confirm with ErasureCompleted (ids only).
    A volunteer whose mentorship went has a place free again: the district runs again."""
    await erase_person_matches(tx, person_id=person_id)
    await people.erase(tx, person_id)
    # Pending ones go too: a proposal announced before the erasure must not reach anyone now.
    await tx.forget_events(person_id=person_id)
    await tx.publish(
        ErasureCompleted(
            district=tx.district, producer=Service.MATCHING, person_id=person_id, request_id=request_id
        )
    )
    await request_run(tx, delay_s=run_delay_s)
