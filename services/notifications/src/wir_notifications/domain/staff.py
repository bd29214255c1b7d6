"""Coordinators as staff recipients: who they are in the directory, and what they are told.

A coordinator has no id of their own in any event: the district's settings name them by
e-mail address, so their directory id is derived from district and address. The same
coordinator keeps the same id across settings changes, and so a redelivered event finds the
notification it already wrote.
"""

from __future__ import annotations

from uuid import UUID, uuid5

#: Fixed namespace of the derived ids (changing it would orphan every staff entry).
_NAMESPACE = UUID("6f1d3f0e-8f8e-5b8a-9c4e-3e0c2a7d5b11")


def coordinator_id(district: str, email: str) -> UUID:
    """The directory id of the coordinator with this address in this district."""
    return uuid5(_NAMESPACE, f"{district}/{email.strip().casefold()}")


def nobody_id(district: str) -> UUID:
    """The recipient id a staff notice is recorded under when the district names no coordinator,
    so that its failure is kept (and a redelivery finds it) like any other notification's."""
    return uuid5(_NAMESPACE, f"{district}/no-coordinator")
