"""A district's own rules for interpreting: the notice a request must give, the time to answer,
and the allowance rates. Districts without rules of their own use these defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DistrictRules:
    version: int = 0
    lead_time_hours: int = 48
    answer_hours: int = 24
    flat_cents: int = 2000
    hourly_cents: int = 0
    per_km_cents: int = 0
    short_notice_hours: int = 24
    short_notice_cancel_cents: int = 0
