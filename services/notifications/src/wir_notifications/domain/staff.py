"""Coordinators and requesters as staff recipients: who they are in the directory.

A coordinator has no id of their own in any event: the district's settings name them by
e-mail address, so their directory id is derived from district and address. The same
coordinator keeps the same id across settings changes, and so a redelivered event finds the
notification it already wrote. A requester (who asked for an interpreter) is named by the
appointment's events themselves, with their contact; their entry is kept only while a message
to them is open (`db/recipients.release_direct`). So is an employer a person's
Kompetenznachweis was shared with: competence's event names them with their address.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from wir_contracts.channels import Channel
from wir_contracts.contact import Contact
from wir_contracts.notifications.v1 import RecipientKind
from wir_notifications.domain.languages import GERMAN
from wir_notifications.domain.recipients import Recipient

#: Fixed namespace of the derived ids (changing it would orphan every staff entry).
_NAMESPACE = UUID("6f1d3f0e-8f8e-5b8a-9c4e-3e0c2a7d5b11")


def coordinator_id(district: str, email: str) -> UUID:
    """The directory id of the coordinator with this address in this district."""
    return uuid5(_NAMESPACE, f"{district}/{email.strip().casefold()}")


def nobody_id(district: str) -> UUID:
    """The recipient id a staff notice is recorded under when the district names no coordinator,
    so that its failure is kept (and a redelivery finds it) like any other notification's."""
    return uuid5(_NAMESPACE, f"{district}/no-coordinator")


def requester_id(district: str, contact: Contact) -> UUID:
    """The directory id of a requester an event names (a case manager, a department): derived
    from their address like a coordinator's, in a namespace of its own, so that a requester who
    is also a coordinator keeps the two entries apart."""
    key = (contact.email or contact.display_name).strip().casefold()
    return uuid5(_NAMESPACE, f"{district}/requester/{key}")


def requester(district: str, contact: Contact) -> Recipient:
    """A requester as a staff recipient: written to in German, by e-mail only (an event's
    requester without an address fails like a coordinator whose address was refused)."""
    return Recipient(
        kind=RecipientKind.STAFF,
        recipient_id=requester_id(district, contact),
        display_name=contact.display_name,
        email=contact.email,
        mobile=None,
        channels=(Channel.EMAIL,) if contact.email is not None else (),
        preferred_language=GERMAN,
    )


def employer(district: str, organisation: str, email: str) -> Recipient:
    """An employer a Kompetenznachweis was shared with, as a staff recipient kept only while the
    message is open: written to in German, by e-mail; one id per address, so that two shares
    with the same employer meet in one entry."""
    return Recipient(
        kind=RecipientKind.STAFF,
        recipient_id=uuid5(_NAMESPACE, f"{district}/employer/{email.strip().casefold()}"),
        display_name=organisation,
        email=email,
        mobile=None,
        channels=(Channel.EMAIL,),
        preferred_language=GERMAN,
    )
