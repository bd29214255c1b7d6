"""The profiles of the district's helpers, volunteers (matching) and interpreters (interpreting),
as their forms and pages share them: the choices the forms offer (languages, the district's
municipalities, weekdays), a posted profile read into an API body with the API's field errors
(`languages.1.level`, `weekly.0.end`) placed beside the form's fields, and the few steps both
areas take alike (register once, record a document, a helper's own profile, a helper's answer)."""

from __future__ import annotations

import gettext
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

import pycountry
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_contracts.municipalities import lies_in
from wir_contracts.places import centres, name
from wir_web import clock, forms
from wir_web.backend import Invalid, NotFound, backend
from wir_web.i18n import staff_language, translate
from wir_web.session import User

#: The languages offered in the forms (ISO 639-3), the ones the district's newcomers speak first.
LANGUAGES = (
    "deu", "eng", "ara", "prs", "fas", "pus", "ukr", "rus", "tur", "kmr", "ckb", "tir",
    "som", "amh", "fra", "sqi", "srp", "ron", "bul", "pol", "spa", "ita", "urd", "ben",
)  # fmt: skip
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
WEEKDAYS = tuple(range(7))
#: Rows of languages a form offers; more than anyone here speaks well enough to help in.
LANGUAGE_ROWS = 4


@cache
def _german() -> gettext.NullTranslations:
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["de"], fallback=True)


def language_name(code: str, lang: str = "de") -> str:
    found = pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    english: str = found.name
    return _german().gettext(english) if lang == "de" else english


def language_choices(lang: str) -> list[tuple[str, str]]:
    return sorted(((code, language_name(code, lang)) for code in LANGUAGES), key=lambda c: c[1])


def municipalities(district: str) -> list[tuple[str, str]]:
    """The district's municipalities (key, name), by name."""
    found = [(key, name(key) or key) for key in centres() if lies_in(key, district)]
    return sorted(found, key=lambda m: m[1])


def place_name(key: str | None) -> str:
    return (name(key) or key) if key else ""


def spoken_languages(form: FormData, filled: forms.Filled) -> list[dict[str, Any]]:
    """Rows `lang_i`/`level_i`: a level of A1–C2, or `native`."""
    found: list[dict[str, Any]] = []
    filled.rows["languages"] = []
    for row in range(LANGUAGE_ROWS):
        code, level = forms.text(form, f"lang_{row}"), forms.text(form, f"level_{row}")
        if not code:
            continue
        filled.rows["languages"].append(row)
        native = level == "native"
        found.append(
            {"language": code, "native": True} if native else {"language": code, "level": level or None}
        )
    return found


def weekly_windows(form: FormData, filled: forms.Filled) -> list[dict[str, Any]]:
    """One window a weekday (`start_d`/`end_d`, HH:MM); a day left empty is not free."""
    found: list[dict[str, Any]] = []
    filled.rows["weekly"] = []
    for day in WEEKDAYS:
        start, end = forms.text(form, f"start_{day}"), forms.text(form, f"end_{day}")
        if start or end:
            filled.rows["weekly"].append(day)
            found.append({"weekday": day, "start": start, "end": end})
    return found


def contact(form: FormData) -> dict[str, Any]:
    return {
        "display_name": forms.text(form, "display_name"),
        "email": forms.optional(form, "email"),
        "mobile": forms.optional(form, "mobile"),
        "channels": forms.chosen(form, "channels"),
    }


#: API field paths of a contact, languages and weekly windows → the form's field names.
SHARED_ALIASES = {
    "contact": "channels",
    "contact.display_name": "display_name",
    "contact.email": "email",
    "contact.mobile": "mobile",
    "contact.channels": "channels",
    "languages": "lang_0",
    "languages.": "level_{row}",
    "languages.language": "lang_{row}",
    "languages.level": "level_{row}",
    "languages.native": "level_{row}",
    "languages.variety": "variety_{row}",
    "weekly": "start_0",
    "weekly.": "end_{row}",
    "weekly.start": "start_{row}",
    "weekly.end": "end_{row}",
    "weekly.weekday": "start_{row}",
}


def profile_values(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A stored profile as the form's fields (to show a form filled with what is on record)."""
    values: dict[str, Any] = {}
    for window in profile.get("weekly", []):
        values[f"start_{window['weekday']}"] = window["start"]
        values[f"end_{window['weekday']}"] = window["end"]
    return values


def documents(profile: Mapping[str, Any], kinds: Sequence[str]) -> dict[str, Any]:
    """The documents table's context: each kind with the one on record (or None), and the day
    they are judged by."""
    on_record = {d["kind"]: d for d in profile.get("documents", [])}
    return {
        "documents": [(kind, on_record.get(kind)) for kind in kinds],
        "kinds": kinds,
        "today": clock.today().isoformat(),
    }


@dataclass(frozen=True)
class Registration:
    """How an area registers a helper: where, from which form, and where the new profile shows."""

    service: str
    path: str
    id_key: str
    multiple: tuple[str, ...]
    aliases: Mapping[str, str]
    body: Callable[[FormData, forms.Filled], dict[str, Any]]
    shown_at: str


async def register_once(
    request: Request,
    user: User,
    form: FormData,
    how: Registration,
    again: Callable[[forms.Filled], Response],
) -> Response:
    """Register the posted profile once (a double submit shows the first one); `again` shows the
    form with the service's field errors."""
    form_key = forms.text(form, "form_key")
    made = forms.remembered(request, form_key)
    if made is None:
        filled = forms.Filled(values=forms.form_values(form, how.multiple))
        body = how.body(form, filled)
        try:
            answer = await backend(request).call(user, how.service, "POST", how.path, json=body)
        except Invalid as problem:
            filled.place(problem.fields or {"form": problem.detail}, how.aliases)
            return again(filled)
        made = str(answer.json()[how.id_key])
        forms.remember(request, form_key, made)
    return RedirectResponse(f"{how.shown_at}/{made}?registered=1", status_code=303)


async def record_document(
    request: Request,
    user: User,
    form: FormData,
    service: str,
    profile_path: str,
    kinds: Sequence[str],
    again: Callable[[forms.Filled], Awaitable[Response]],
    done: str,
) -> Response:
    """Record the posted document's expiry on the profile at the service's `profile_path`, then
    show the page `done`; `again` shows the page with the errors."""
    kind = forms.text(form, "kind")
    filled = forms.Filled(values=forms.form_values(form))
    if kind not in kinds:
        filled.errors["kind"] = translate(staff_language(request), "forms.kind_unknown")
        return await again(filled)
    body = {"expires_on": forms.text(form, "expires_on")}
    try:
        await backend(request).call(user, service, "PUT", f"{profile_path}/documents/{kind}", json=body)
    except Invalid as problem:
        filled.place(problem.fields or {"expires_on": problem.detail}, {"kind": "kind"})
        return await again(filled)
    return RedirectResponse(f"{done}#documents", status_code=303)


async def own_profile(request: Request, user: User, service: str, collection: str) -> dict[str, Any] | None:
    """The signed-in helper's own profile, read by the token's subject; None when the account is
    no helper the service knows."""
    try:
        helper_id = UUID(user.principal.sub)
    except ValueError:
        return None
    try:
        found: dict[str, Any] = await backend(request).json(user, service, f"/{collection}/{helper_id}")
    except NotFound:
        return None
    return found


def decline_body(form: FormData) -> dict[str, str]:
    return {"reason": forms.text(form, "reason") or "other"}


async def answer(
    request: Request,
    user: User,
    service: str,
    path: str,
    body: dict[str, str] | None,
    refused: Callable[[int], Awaitable[Response]],
    done: str,
) -> Response:
    """A helper's answer to what they are asked (a proposal, a booking); `refused` shows their
    page again with the service's status when the service will not take it."""
    try:
        await backend(request).call(user, service, "POST", path, json=body)
    except Invalid as problem:
        return await refused(problem.status)
    return RedirectResponse(done, status_code=303)
