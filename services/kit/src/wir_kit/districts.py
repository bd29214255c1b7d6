"""The operator's districts, added at start to the ones the contracts ship."""

from __future__ import annotations

from wir_contracts.districts import parse_districts_csv, register_districts
from wir_kit.settings import Settings


def load_extra_districts(settings: Settings) -> int:
    """Register the districts of `WIR_EXTRA_DISTRICTS_FILE`; returns how many it names."""
    if settings.extra_districts_file is None:
        return 0
    extra = parse_districts_csv(settings.extra_districts_file.read_text(encoding="utf-8"))
    register_districts(extra)
    return len(extra)
