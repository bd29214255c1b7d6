"""Coordinators read and change their district's settings at notifications: the points of contact
a newcomer's welcome names, the Integreat link, the quiet hours for SMS and the coordinators told
of declined or expired proposals and of people waiting too long. The district is the token's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web import forms, profiles
from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.i18n import catalog, staff_language
from wir_web.render import page
from wir_web.session import Coordinator, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]

CONTACT_FIELDS = ("name", "role", "phone", "email", "address")
COORDINATOR_FIELDS = ("name", "email", "language")
#: The service's limits on each list (its DistrictSettingsIn); the form offers no more rows.
MAX_CONTACTS = 10
MAX_COORDINATORS = 20
#: Empty rows offered beyond the filled ones, enough to add a few without a round trip.
SPARE_ROWS = 3
#: The languages staff messages are written in (notifications' template languages).
MESSAGE_LANGUAGES = ("deu", "eng", "ara", "fas", "tur", "ukr")
#: API field paths → the form's field names (`{row}`: the form row the list item came from).
ALIASES = {
    "contacts": "contacts",
    "contacts.": "contact_{row}_name",
    **{f"contacts.{leaf}": f"contact_{{row}}_{leaf}" for leaf in CONTACT_FIELDS},
    "coordinators": "coordinators",
    "coordinators.": "coordinator_{row}_email",
    **{f"coordinators.{leaf}": f"coordinator_{{row}}_{leaf}" for leaf in COORDINATOR_FIELDS},
    "integreat_url": "integreat_url",
    "quiet_hours_start": "quiet_hours_start",
    "quiet_hours_end": "quiet_hours_end",
    "time_zone": "time_zone",
}


def _rows(
    form: FormData, prefix: str, leaves: Sequence[str], count: int, filled: forms.Filled
) -> list[dict[str, Any]]:
    """The filled rows `<prefix>_<i>_<leaf>` as list items (a row left empty is no item); an empty
    optional field is sent as absent, what was typed as typed."""
    found: list[dict[str, Any]] = []
    filled.rows[f"{prefix}s"] = []
    for row in range(count):
        item = {leaf: forms.optional(form, f"{prefix}_{row}_{leaf}") for leaf in leaves}
        if not any(value for leaf, value in item.items() if leaf != "language"):
            continue
        filled.rows[f"{prefix}s"].append(row)
        item["name"] = item["name"] or ""
        found.append({leaf: value for leaf, value in item.items() if value is not None})
    return found


def settings_body(form: FormData, filled: forms.Filled) -> dict[str, Any]:
    """The posted form as notifications' DistrictSettingsIn."""
    body: dict[str, Any] = {
        "contacts": _rows(form, "contact", CONTACT_FIELDS, MAX_CONTACTS, filled),
        "integreat_url": forms.optional(form, "integreat_url"),
        "quiet_hours_start": forms.text(form, "quiet_hours_start"),
        "quiet_hours_end": forms.text(form, "quiet_hours_end"),
        "coordinators": _rows(form, "coordinator", COORDINATOR_FIELDS, MAX_COORDINATORS, filled),
    }
    for coordinator in body["coordinators"]:
        coordinator.setdefault("email", "")
    if zone := forms.text(form, "time_zone"):
        body["time_zone"] = zone  # left empty: the service's default zone
    return body


def _clock(value: Any) -> str:
    """A time as the form's time field takes it (21:00, not 21:00:00)."""
    text = str(value or "")
    return text[:5] if text.endswith(":00") and len(text) == 8 else text


def settings_values(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The service's settings as the form's fields."""
    values: dict[str, Any] = {
        "integreat_url": settings.get("integreat_url") or "",
        "quiet_hours_start": _clock(settings.get("quiet_hours_start")),
        "quiet_hours_end": _clock(settings.get("quiet_hours_end")),
        "time_zone": settings.get("time_zone") or "",
    }
    for prefix, key, leaves in (
        ("contact", "contacts", CONTACT_FIELDS),
        ("coordinator", "coordinators", COORDINATOR_FIELDS),
    ):
        for row, item in enumerate(settings.get(key) or ()):
            values.update({f"{prefix}_{row}_{leaf}": item.get(leaf) or "" for leaf in leaves})
    return values


def _row_count(values: Mapping[str, Any], prefix: str, cap: int) -> int:
    """Rows to offer: the filled ones and a few spare, or as many as were posted."""
    # A language is always chosen, so it alone does not make a row filled.
    used = [
        int(key.split("_")[1])
        for key, value in values.items()
        if key.startswith(f"{prefix}_") and value and not key.endswith("_language")
    ]
    shown = [int(key.split("_")[1]) for key in values if key.startswith(f"{prefix}_")]
    filled = max(used, default=-1) + 1
    return min(cap, max(filled + SPARE_ROWS, max(shown, default=-1) + 1))


def _in_our_words(errors: dict[str, str], lang: str) -> None:
    """The service's messages name patterns and types; where the page has plainer words for a
    kind of field (`contact_phone`, `integreat_url`), they replace them."""
    words = {**catalog("de"), **catalog(lang)}
    for name in errors:
        parts = name.split("_")
        kind = f"{parts[0]}_{'_'.join(parts[2:])}" if len(parts) > 2 and parts[1].isdigit() else name
        errors[name] = words.get(f"district.error_{kind}") or errors[name]


async def _settings_page(
    request: Request, user: User, filled: forms.Filled | None = None, status_code: int = 200
) -> Response:
    settings = await backend(request).json(user, "notifications", "/district-settings")
    filled = filled or forms.Filled(values=settings_values(settings))
    lang = staff_language(request)
    languages = [(code, profiles.language_name(code, lang)) for code in MESSAGE_LANGUAGES]
    return page(
        request,
        "district/settings.html",
        user=user,
        status_code=status_code,
        settings=settings,
        values=filled.values,
        errors=filled.errors,
        contact_rows=_row_count(filled.values, "contact", MAX_CONTACTS),
        coordinator_rows=_row_count(filled.values, "coordinator", MAX_COORDINATORS),
        contact_fields=CONTACT_FIELDS,
        languages=languages,
        saved=request.query_params.get("saved") == "1",
    )


@router.get("/district")
async def district_settings(request: Request, user: Coordinator) -> Response:
    return await _settings_page(request, user)


@router.post("/district")
async def save_district_settings(request: Request, user: Coordinator, form: Form) -> Response:
    filled = forms.Filled(values=forms.form_values(form))
    body = settings_body(form, filled)
    try:
        await backend(request).call(user, "notifications", "PUT", "/district-settings", json=body)
    except Invalid as problem:
        filled.place(problem.fields or {"form": problem.detail}, ALIASES)
        _in_our_words(filled.errors, staff_language(request))
        return await _settings_page(request, user, filled, status_code=422)
    return RedirectResponse("/district?saved=1", status_code=303)
