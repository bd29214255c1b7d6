"""Consents per purpose: the latest record of a purpose decides, and an expired one is withdrawn."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from wir_contracts.consent import ConsentPurpose


class LegalBasis(StrEnum):
    """The GDPR provision the processing rests on."""

    CONSENT = "consent"  # Art. 6(1)(a)
    EXPLICIT_CONSENT = "explicit_consent"  # Art. 9(2)(a), for special categories (health, ...)
    CONTRACT = "contract"  # Art. 6(1)(b)
    LEGAL_OBLIGATION = "legal_obligation"  # Art. 6(1)(c)
    PUBLIC_TASK = "public_task"  # Art. 6(1)(e)


class ConsentState(StrEnum):
    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class ConsentDecision(BaseModel):
    """A consent given or withdrawn, as the case manager records it."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    purpose: ConsentPurpose = Field(description="What the consent is for.")
    given: bool = Field(description="True: consent given; false: withdrawn or refused.")
    legal_basis: LegalBasis = Field(description="GDPR provision the processing rests on.")
    at: AwareDatetime | None = Field(
        default=None, description="When the person gave or withdrew it; default: now. Not in the future."
    )
    expires_at: AwareDatetime | None = Field(
        default=None, description="When a given consent lapses; must lie in the future."
    )

    @field_validator("at")
    @classmethod
    def _not_in_future(cls, at: datetime | None) -> datetime | None:
        _representable(at)
        if at is not None and at > datetime.now(at.tzinfo):
            raise PydanticCustomError("future_date", "the time lies in the future")
        return at

    @field_validator("expires_at")
    @classmethod
    def _in_future(cls, expires_at: datetime | None) -> datetime | None:
        _representable(expires_at)
        if expires_at is not None and expires_at <= datetime.now(expires_at.tzinfo):
            raise PydanticCustomError("past_date", "the expiry lies in the past")
        return expires_at


def _representable(moment: datetime | None) -> None:
    """A moment UTC can hold: 9999-12-31T23:59:59-14:00 parses, but the database refuses it."""
    try:
        if moment is not None:
            moment.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("datetime_range", "lies outside the years 1 to 9999 in UTC") from None


@dataclass(frozen=True)
class ConsentRecord:
    purpose: ConsentPurpose
    given: bool
    at: datetime
    legal_basis: LegalBasis
    expires_at: datetime | None
    recorded_by: str
    recorded_at: datetime

    def state(self, now: datetime) -> ConsentState:
        if not self.given:
            return ConsentState.WITHDRAWN
        if self.expires_at is not None and self.expires_at <= now:
            return ConsentState.EXPIRED
        return ConsentState.GIVEN


def as_recorded(
    decisions: Sequence[ConsentDecision], recorded_by: str, recorded_at: datetime
) -> list[ConsentRecord]:
    """The records `decisions` become when stored at `recorded_at`, oldest first as `current`
    wants them: a decision without a time is taken at the moment it is recorded."""
    records = [
        ConsentRecord(
            purpose=decision.purpose,
            given=decision.given,
            at=decision.at or recorded_at,
            legal_basis=decision.legal_basis,
            expires_at=decision.expires_at if decision.given else None,
            recorded_by=recorded_by,
            recorded_at=recorded_at,
        )
        for decision in decisions
    ]
    return sorted(records, key=lambda record: record.at)


def current(records: Iterable[ConsentRecord]) -> dict[ConsentPurpose, ConsentRecord]:
    """The deciding record per purpose: the latest by the time the person decided.

    `records` come oldest first (by decision time, then by recording order).
    """
    latest: dict[ConsentPurpose, ConsentRecord] = {}
    for record in records:
        latest[record.purpose] = record
    return latest


def effective(records: Iterable[ConsentRecord], now: datetime) -> tuple[ConsentPurpose, ...]:
    """Purposes consented to now, in the contract's order; expired counts as withdrawn."""
    deciding = current(records)
    return tuple(
        purpose
        for purpose in ConsentPurpose
        if purpose in deciding and deciding[purpose].state(now) is ConsentState.GIVEN
    )


def check_distinct_purposes(decisions: Iterable[ConsentDecision]) -> None:
    purposes = [decision.purpose for decision in decisions]
    if len(set(purposes)) != len(purposes):
        raise PydanticCustomError("duplicate_items", "a purpose is listed twice")
