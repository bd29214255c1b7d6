"""The people pages' forms: what a case manager typed, shaped into intake's request bodies, and
intake's refusals mapped back onto the form's fields.

The web app does not validate on its own: intake's rules decide, and its 422 names the field.
What the user typed is kept as text, so the re-rendered form shows it unchanged.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData

from wir_web.clock import BERLIN
from wir_web.i18n import catalog, translate

#: A form's values by name, as typed (a name may repeat: checkboxes, nationalities).
Entered = dict[str, list[str]]

#: How many language rows the registration form offers (intake takes up to 20).
LANGUAGE_ROWS = 4
#: How many nationality choices the registration form offers (intake takes up to 5).
NATIONALITY_ROWS = 2
KEY_FIELD = "idempotency_key"
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

#: Registration's own fields, where an error of the same name is shown.
_PERSON_FIELDS = frozenset({
    "given_names", "family_name", "transliteration", "preferred_name", "country_of_origin",
    "nationalities", "preferred_language", "municipality", "arrival_date", "residence_status",
})  # fmt: skip
_CONTACT_FIELDS = {"email": "email", "phone": "phone", "channels": "channels"}


def entered(form: FormData) -> Entered:
    """The posted form without its CSRF token."""
    values: Entered = {}
    for name, value in form.multi_items():
        if name != "csrf_token" and isinstance(value, str):
            values.setdefault(name, []).append(value)
    return values


def one(values: Mapping[str, list[str]], name: str) -> str | None:
    """The field's trimmed text; None when left empty."""
    found = values.get(name) or [""]
    text = found[0].strip()
    return text or None


def many(values: Mapping[str, list[str]], name: str) -> list[str]:
    return [text.strip() for text in values.get(name, []) if text.strip()]


def new_key() -> str:
    """An Idempotency-Key for a form as it is rendered: a double submit sends it twice."""
    return str(uuid.uuid4())


def key_header(values: Mapping[str, list[str]]) -> dict[str, str]:
    """The form's Idempotency-Key header; a missing or malformed key gets a fresh one."""
    key = one(values, KEY_FIELD)
    return {"Idempotency-Key": key if key and _KEY_PATTERN.match(key) else new_key()}


def _number(text: str | None) -> int | str | None:
    # Digits become a number; anything else goes as typed, for intake to name the field.
    return int(text) if text is not None and text.isdigit() else text


def _birth(values: Mapping[str, list[str]]) -> dict[str, Any] | None:
    parts = {p: _number(one(values, f"dob_{p}")) for p in ("year", "month", "day")}
    if all(v is None for v in parts.values()):
        return None
    return {p: v for p, v in parts.items() if v is not None}


def _languages(values: Mapping[str, list[str]]) -> list[dict[str, str | None]]:
    rows = []
    for row in range(LANGUAGE_ROWS):
        code, level = one(values, f"language_{row}"), one(values, f"level_{row}")
        if code or level:
            rows.append({"language": code.lower() if code else code, "level": level})
    return rows


def person_body(values: Mapping[str, list[str]]) -> dict[str, Any]:
    """The registration (intake's PersonIn) from the form; empty fields are left out."""
    body: dict[str, Any] = {name: one(values, name) for name in sorted(_PERSON_FIELDS)}
    body["preferred_language"] = (body["preferred_language"] or "").lower() or None
    body["nationalities"] = many(values, "nationalities")
    body["date_of_birth"] = _birth(values)
    body["languages"] = _languages(values)
    contact: dict[str, Any] = {"email": one(values, "email"), "phone": one(values, "phone")}
    body["contact"] = {**{k: v for k, v in contact.items() if v}, "channels": many(values, "channels")}
    body["consents"] = [
        {"purpose": purpose, "given": True, "legal_basis": "consent"} for purpose in many(values, "consents")
    ]
    # Required fields go even when empty, so that intake names each one that is missing.
    required = {"given_names", "languages", "preferred_language", "municipality", "residence_status"}
    return {k: v for k, v in body.items() if v not in (None, []) or k in required}


def need_body(values: Mapping[str, list[str]]) -> dict[str, Any]:
    """A need (intake's NeedData) from the form on the person's page."""
    body: dict[str, Any] = {
        "kind": one(values, "kind"),
        "topics": many(values, "topics"),
        "mentor_gender": one(values, "mentor_gender"),
        "language": (one(values, "language") or "").lower() or None,
        "urgency": one(values, "urgency"),
        "notes": one(values, "notes"),
    }
    return {k: v for k, v in body.items() if v not in (None, []) or k == "kind"}


def end_of_day(text: str | None) -> str | None:
    """A day typed as YYYY-MM-DD as its last second in the district; other text as typed."""
    if text is None:
        return None
    try:
        last = datetime.combine(date.fromisoformat(text), time(23, 59, 59), BERLIN)
    except ValueError:
        return text
    return last.isoformat()


def consent_body(values: Mapping[str, list[str]], *, given: bool) -> dict[str, Any]:
    """A consent decision (intake's ConsentDecision): given with an optional expiry, or withdrawn."""
    body: dict[str, Any] = {
        "purpose": one(values, "purpose"),
        "given": given,
        "legal_basis": one(values, "legal_basis"),
    }
    expires = end_of_day(one(values, "expires_on")) if given else None
    return {**body, "expires_at": expires} if expires else body


def person_errors(fields: Mapping[str, str]) -> dict[str, str]:
    """Intake's refusal of a registration as {form field: message}; the first message per field."""
    found: dict[str, str] = {}
    for path, message in fields.items():
        found.setdefault(_person_field(path.split(".")), message)
    return found


def _person_field(parts: list[str]) -> str:
    head = parts[0]
    if head == "date_of_birth":
        return "date_of_birth"
    if head == "languages":
        row = parts[1] if len(parts) > 1 and parts[1].isdigit() else "0"
        return f"level_{row}" if parts[-1] == "level" else f"language_{row}"
    if head == "contact":
        return _CONTACT_FIELDS.get(parts[1] if len(parts) > 1 else "", "channels")
    if head in _PERSON_FIELDS or head == "consents":
        return head
    return "form"


def prefixed_errors(fields: Mapping[str, str], prefix: str, known: frozenset[str]) -> dict[str, str]:
    """A small form's errors as {prefix_field: message}; an unknown field's under `prefix_form`."""
    found: dict[str, str] = {}
    for path, message in fields.items():
        head = path.split(".")[0]
        name = {"expires_at": "expires_on"}.get(head, head)
        found.setdefault(f"{prefix}{name if name in known else 'form'}", message)
    return found


def explain(lang: str, message: str) -> tuple[str, str | None]:
    """A service's message in the interface's words where known: (text, its language when that
    is not the page's). Services answer in English."""
    key = "people.problem." + re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    if key in catalog(lang) or key in catalog("de"):
        return translate(lang, key), None
    return message, (None if lang == "en" else "en")


#: Intake's choices (its enums are its own: the web app does not import a service).
RESIDENCE_STATUSES = (
    "aufenthaltsgestattung", "duldung", "aufenthaltserlaubnis", "aufenthaltserlaubnis_24",
    "niederlassungserlaubnis", "other",
)  # fmt: skip
LEVELS = ("native", "fluent", "good", "basic")
LEGAL_BASES = ("consent", "explicit_consent", "contract", "legal_obligation", "public_task")
URGENCIES = ("low", "normal", "high", "urgent")
NEED_FIELDS = frozenset({"kind", "topics", "mentor_gender", "language", "urgency", "notes"})
CONSENT_FIELDS = frozenset({"purpose", "legal_basis", "expires_on"})
