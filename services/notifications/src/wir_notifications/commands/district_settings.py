"""A district's welcome content, quiet hours and coordinators: its own settings, else the
service's defaults."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from wir_contracts.districts import district
from wir_kit import Tx
from wir_notifications.db import district_settings as store
from wir_notifications.db.district_settings import DistrictRow
from wir_notifications.domain.quiet_hours import QuietHours
from wir_notifications.settings import NotificationSettings


@dataclass(frozen=True)
class DistrictContent:
    name: str
    contacts: list[dict[str, str | None]]
    integreat_url: str | None
    quiet: QuietHours


async def content(tx: Tx, settings: NotificationSettings) -> DistrictContent:
    """What messages of the transaction's district show, and when its quiet hours are."""
    return content_of(tx.district, await store.get(tx), settings)


def content_of(key: str, own: DistrictRow | None, settings: NotificationSettings) -> DistrictContent:
    """`content` from the district's own settings as read already (None: it has none)."""
    name = district(key).name
    if own is None:
        return DistrictContent(name, [], None, settings.default_quiet_hours())
    quiet = QuietHours(own.quiet_start, own.quiet_end, ZoneInfo(own.time_zone))
    return DistrictContent(name, own.contacts, own.integreat_url, quiet)


def integreat_link(url: str | None, tag: str) -> str | None:
    """The district's Integreat page in the message's language, where the URL names one."""
    return None if url is None else url.replace("{language}", tag)


async def replace(tx: Tx, row: DistrictRow) -> DistrictRow | None:
    """The district's own settings replaced by `row`; returns them as stored. The caller keeps the
    coordinators' directory entries in step (`staff.keep_coordinators`, in the same transaction):
    imported here it would close an import cycle through `notifications`."""
    await store.put(tx, row)
    return await store.get(tx)
