"""What the interpreting pages share: the service's vocabularies (modes, venues, documents),
an interpreter's form read into interpreting's profile, a request form read into its request,
and times shown and read in the district's time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData

from wir_web import clock, forms, profiles
from wir_web.i18n import translate

SERVICE = "interpreting"
MODES = ("on_site", "phone", "video")
VENUES = (
    "jobcenter", "immigration_office", "social_welfare_office", "youth_welfare_office", "school",
    "daycare", "doctor", "hospital", "counselling", "other",
)  # fmt: skip
DOCUMENTS = ("confidentiality", "criminal_record", "training")
DECLINE_REASONS = ("unavailable", "too_far", "conflict_of_interest", "illness", "other")
UNFILLED_REASONS = ("no_interpreter_for_language", "none_available", "all_declined", "no_answer")
ALIASES = {**profiles.SHARED_ALIASES, "starts_at": "start", "ends_at": "end", "requester": "requester_name"}
ALIASES.update({"requester.display_name": "requester_name", "requester.email": "requester_email"})


def local(moment: str | None) -> datetime | None:
    """An API time (ISO 8601 with offset) in the district's time zone."""
    if not moment:
        return None
    return datetime.fromisoformat(moment).astimezone(clock.BERLIN)


def when(moment: str | None) -> str:
    found = local(moment)
    return found.strftime("%d.%m.%Y %H:%M") if found else ""


def interpreter_body(form: FormData, filled: forms.Filled) -> dict[str, Any]:
    """The posted form as interpreting's interpreter profile."""
    languages = []
    filled.rows["languages"] = []
    for row in range(profiles.LANGUAGE_ROWS):
        code = forms.text(form, f"lang_{row}")
        if code:
            filled.rows["languages"].append(row)
            languages.append({"language": code, "variety": forms.optional(form, f"variety_{row}")})
    return {
        "contact": profiles.contact(form),
        "preferred_language": forms.text(form, "preferred_language"),
        "languages": languages,
        "german_level": forms.text(form, "german_level"),
        "modes": forms.chosen(form, "modes"),
        "home_municipality": forms.text(form, "home_municipality"),
        "travel_km": forms.text(form, "travel_km") or "0",
        "weekly": profiles.weekly_windows(form, filled),
    }


def _moment(day: str, hour: str) -> str | None:
    try:
        return datetime.combine(date.fromisoformat(day), time.fromisoformat(hour), clock.BERLIN).isoformat()
    except ValueError:
        return None


def request_body(form: FormData, filled: forms.Filled, lang: str) -> dict[str, Any] | None:
    """The posted request form as interpreting's request; None (with the errors noted in
    `filled`) when its day or times cannot be read at all."""
    day = forms.text(form, "day")
    starts_at, ends_at = _moment(day, forms.text(form, "start")), _moment(day, forms.text(form, "end"))
    unreadable = translate(lang, "interpreting.time_unreadable")
    if starts_at is None:
        filled.errors["start" if day else "day"] = unreadable
    if ends_at is None:
        filled.errors["end"] = unreadable
    if starts_at is None or ends_at is None:
        return None
    body: dict[str, Any] = {
        "person_id": forms.optional(form, "person_id"),
        "language": forms.optional(form, "language"),
        "variety": forms.optional(form, "variety"),
        "mode": forms.text(form, "mode"),
        "venue": forms.text(form, "venue"),
        "department": forms.optional(form, "department"),
        "municipality": forms.optional(form, "municipality"),
        "address": forms.optional(form, "address"),
        "remote_link": forms.optional(form, "remote_link"),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "notes": forms.optional(form, "notes"),
    }
    name, email = forms.text(form, "requester_name"), forms.optional(form, "requester_email")
    if name:
        body["requester"] = {"display_name": name, "email": email, "channels": ["email"] if email else []}
    return body
