"""The envelope every event shares, and the routing keys derived from it.

A concrete event names its producer and event in class variables; `event_type`,
`event_version` and `producer` are then filled in and, on parsing, checked against them.
"""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal, TypeVar, cast
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from wir_contracts._internal.tolerance import tolerant_copy
from wir_contracts.districts import DistrictCode

__all__ = ["ANY_PRODUCER", "CorrelationId", "Event", "tolerant"]

ANY_PRODUCER = "*"
"""`PRODUCER` of an event every service emits; the instance's `producer` names the sender."""

CorrelationId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._:-]+$")]

_SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

M = TypeVar("M", bound=BaseModel)


class Event(BaseModel):
    """Base of every integration event: identity, time, district and causal links."""

    # Producers are strict: a misspelt or stray field is a bug to catch before publishing.
    # Inputs stay out of error texts, which end up in logs and dead-letter reasons.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    PRODUCER: ClassVar[str]
    EVENT: ClassVar[str]
    MAJOR: ClassVar[int] = 1
    MINOR: ClassVar[int] = 0

    event_id: UUID = Field(
        default_factory=uuid4,
        description="Unique id of this event; also the AMQP message id and the inbox key.",
    )
    # Placeholders: every concrete event replaces these three with its own constant and default
    # (see `__init_subclass__`), so nobody passes them to a constructor.
    event_type: str = Field(default="", description="Snake-case name of the event.")
    event_version: str = Field(default="", description="Contract version, MAJOR.MINOR.")
    district: DistrictCode = Field(
        description="Official municipal key (AGS) of the district the event belongs to."
    )
    occurred_at: AwareDatetime = Field(
        default_factory=lambda: datetime.now(UTC),
        description="When the change happened, with its UTC offset.",
    )
    correlation_id: CorrelationId | None = Field(
        default=None,
        description="Id shared by everything one request or workflow caused; filled by the runtime.",
    )
    causation_id: UUID | None = Field(
        default=None, description="event_id of the event whose handling caused this one."
    )
    producer: str = Field(default="", description="Service that published the event.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "EVENT" not in cls.__dict__:
            return  # an abstract intermediate base, or a tolerant copy
        _check_names(cls)
        own_annotations = inspect.get_annotations(cls)
        for name, (annotation, field) in _filled_fields(cls).items():
            if name not in own_annotations:
                cls.__annotations__[name] = annotation
                setattr(cls, name, field)

    def routing_key(self) -> str:
        """`<producer>.<event>.v<major>.<district>`, the key this event is published with."""
        return f"{self.producer}.{self.EVENT}.v{self.MAJOR}.{self.district}"

    @classmethod
    def binding_key(cls, district: str = "*") -> str:
        """The key a queue binds with to receive this event, from one district or all."""
        return f"{cls.PRODUCER}.{cls.EVENT}.v{cls.MAJOR}.{district}"


def tolerant(model: type[M]) -> type[M]:
    """The consumer's view of `model`: same name and fields, unknown fields ignored.

    Cached, so every call for one model returns the same class.
    """
    return cast("type[M]", tolerant_copy(model))


def _check_names(cls: type[Event]) -> None:
    # Both are routing-key segments: a dot or a wildcard in them would corrupt every binding.
    if not _SNAKE_CASE.match(cls.EVENT):
        raise TypeError(f"{cls.__name__}.EVENT must be snake case")
    if cls.PRODUCER == ANY_PRODUCER:
        if "producer" not in inspect.get_annotations(cls):
            raise TypeError(f"{cls.__name__} must declare its own `producer` field")
    elif not _SNAKE_CASE.match(cls.PRODUCER):
        raise TypeError(f"{cls.__name__}.PRODUCER must be snake case")
    if cls.MAJOR < 1 or cls.MINOR < 0:
        raise TypeError(f"{cls.__name__} has an invalid version")


def _filled_fields(cls: type[Event]) -> dict[str, tuple[Any, Any]]:
    version_pattern = rf"^{cls.MAJOR}\.(0|[1-9][0-9]*)$"
    return {
        "event_type": (
            Literal.__getitem__(cls.EVENT),
            Field(default=cls.EVENT, description="Snake-case name of the event."),
        ),
        "event_version": (
            Annotated[str, StringConstraints(pattern=version_pattern)],
            Field(
                default=f"{cls.MAJOR}.{cls.MINOR}",
                description=(
                    "Contract version, MAJOR.MINOR. Any minor version of this major is "
                    "accepted: minor versions only add optional fields."
                ),
            ),
        ),
        "producer": (
            Literal.__getitem__(cls.PRODUCER),
            Field(default=cls.PRODUCER, description="Service that published the event."),
        ),
    }
