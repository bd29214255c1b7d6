"""The signed answer link of an assignment, for interpreters without an account: a small German
page with what the job needs (never the person) and forms to confirm or decline that act like the
API. The token (signed: district, appointment, interpreter) is the credential: pages are never
cached and send no referrer. A link that opens nothing answers 404, one past its time 410, a step
the appointment's state forbids 409, each as a page in plain words."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wir_contracts import places
from wir_contracts.interpreting.v1 import DeclineReason, InterpretingMode, Venue
from wir_interpreting.adapters import links
from wir_interpreting.api.deps import Config
from wir_interpreting.commands import answers
from wir_interpreting.db import appointments, lifecycle
from wir_interpreting.domain.errors import NotFound
from wir_interpreting.domain.model import Appointment
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Database, choice_form, form_value, link_notice, link_page, link_page_answer

router = APIRouter(prefix="/answers/{token}", tags=["public"])

BERLIN = ZoneInfo("Europe/Berlin")
DECLINE_REASONS_DE = {
    DeclineReason.UNAVAILABLE: "Ich habe zu dieser Zeit keine Zeit.",
    DeclineReason.TOO_FAR: "Der Weg ist mir zu weit.",
    DeclineReason.CONFLICT_OF_INTEREST: "Ich bin befangen (ich kenne die Beteiligten).",
    DeclineReason.ILLNESS: "Ich bin krank.",
    DeclineReason.OTHER: "Ein anderer Grund.",
}
REMOTE_DE = {InterpretingMode.PHONE: "am Telefon", InterpretingMode.VIDEO: "per Video"}
VENUES_DE = {
    Venue.JOBCENTER: "Jobcenter",
    Venue.IMMIGRATION_OFFICE: "Ausländerbehörde",
    Venue.SOCIAL_WELFARE_OFFICE: "Sozialamt",
    Venue.YOUTH_WELFARE_OFFICE: "Jugendamt",
    Venue.SCHOOL: "Schule",
    Venue.DAYCARE: "Kita",
    Venue.DOCTOR: "Arztpraxis",
    Venue.HOSPITAL: "Krankenhaus",
    Venue.COUNSELLING: "Beratungsstelle",
    Venue.OTHER: "Sonstiges",
}
#: The languages pools are asked for most; any other is shown by its ISO 639-3 code.
LANGUAGES_DE = {
    "ara": "Arabisch",
    "arb": "Arabisch",
    "apc": "Levantinisches Arabisch",
    "ckb": "Kurdisch (Sorani)",
    "fas": "Persisch",
    "kmr": "Kurdisch (Kurmandschi)",
    "pes": "Persisch (Farsi)",
    "prs": "Dari",
    "pus": "Paschtu",
    "ron": "Rumänisch",
    "rus": "Russisch",
    "som": "Somali",
    "sqi": "Albanisch",
    "tir": "Tigrinya",
    "tur": "Türkisch",
    "ukr": "Ukrainisch",
}
CONFLICTS_DE = {
    "confirmed": "Sie haben diesen Termin bereits bestätigt. Vielen Dank!",
    "not_assigned": "Dieser Termin ist Ihnen nicht mehr zugeteilt. Sie müssen nichts weiter tun.",
    "closed": "Dieser Termin findet nicht mehr statt oder ist bereits abgeschlossen.",
    "begun": "Der Termin hat schon begonnen. Bitte wenden Sie sich an Ihre Koordination.",
}
CONFIRMED_DE = (
    "Sie haben den Termin übernommen. Wir erinnern Sie rechtzeitig vorher. Wenn Sie doch nicht "
    "können, sagen Sie bitte über diesen Link oder bei Ihrer Koordination so früh wie möglich ab."
)
DECLINED_DE = "Wir fragen jemand anderen. Danke, dass Sie Bescheid gegeben haben."
NOT_FOUND_DE = "Diesen Link gibt es nicht (mehr). Bitte prüfen Sie, ob Sie ihn vollständig geöffnet haben."
EXPIRED_DE = "Die Zeit für eine Antwort ist abgelaufen. Der Termin geht an jemand anderen."


#: What the routes answer besides 200, each as an HTML page.
OPENED: dict[int | str, dict[str, Any]] = {
    404: link_page_answer("No such link: unknown, tampered, or the appointment is gone."),
    409: link_page_answer("The appointment is no longer the interpreter's, or no longer takes place."),
    410: link_page_answer("The link's time to answer is over."),
}
DECLINED: dict[int | str, dict[str, Any]] = {
    **OPENED,
    422: link_page_answer("The form's `reason` is missing or not a DeclineReason."),
}
DECLINE_FORM = choice_form("reason", [reason.value for reason in DeclineReason])


def _not_found() -> HTMLResponse:
    return link_notice("Link nicht gefunden", NOT_FOUND_DE, 404)


def _expired() -> HTMLResponse:
    return link_notice("Link abgelaufen", EXPIRED_DE, 410)


def _conflict(kind: str) -> HTMLResponse:
    if kind == "overdue":
        return _expired()
    if kind == "confirmed":
        return link_notice("Schon bestätigt", CONFLICTS_DE["confirmed"], 409)
    return link_notice("Nicht mehr möglich", CONFLICTS_DE.get(kind, CONFLICTS_DE["closed"]), 409)


def _claim(settings: InterpretingSettings, token: str) -> links.AnswerClaim | HTMLResponse:
    try:
        return links.verify_answer(settings.answer_link_secret, token, now=datetime.now(UTC))
    except links.LinkExpired:
        return _expired()
    except links.BadLink:
        return _not_found()


def _language(appointment: Appointment) -> str:
    name = LANGUAGES_DE.get(appointment.language, appointment.language)
    return f"{name} ({appointment.variety})" if appointment.variety else name


def _place(appointment: Appointment) -> str:
    if appointment.mode is not InterpretingMode.ON_SITE:
        return REMOTE_DE[appointment.mode]
    return appointment.address or places.name(appointment.municipality or "") or "–"


def _details(appointment: Appointment) -> str:
    starts, ends = appointment.starts_at.astimezone(BERLIN), appointment.ends_at.astimezone(BERLIN)
    details = [
        ("Sprache", _language(appointment)),
        ("Wann", f"{starts:%d.%m.%Y}, {starts:%H:%M}–{ends:%H:%M} Uhr"),
        ("Wo", _place(appointment)),
        ("Stelle", VENUES_DE[appointment.venue]),
    ]
    if appointment.department:
        details.append(("Anfragende Stelle", appointment.department))
    return (
        "<dl>"
        + "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in details)
        + "</dl>"
    )


def _decline_form(token: str, legend: str) -> str:
    options = "".join(
        f'<p><label><input type="radio" name="reason" value="{reason.value}" required> '
        f"{escape(text)}</label></p>"
        for reason, text in DECLINE_REASONS_DE.items()
    )
    return (
        f'<form method="post" action="{escape(token, quote=True)}/decline"><fieldset>'
        f'<legend>{escape(legend)}</legend>{options}<button type="submit">Absagen</button></fieldset></form>'
    )


def _assignment_page(token: str, appointment: Appointment) -> str:
    assert appointment.respond_by is not None  # an assigned appointment has its deadline
    respond_by = appointment.respond_by.astimezone(BERLIN)
    return (
        f"<p>Wir suchen eine Sprachmittlung. Können Sie diesen Termin übernehmen?</p>{_details(appointment)}"
        f"<p>Bitte antworten Sie bis zum {respond_by:%d.%m.%Y um %H:%M} Uhr.</p>"
        f'<form method="post" action="{escape(token, quote=True)}/confirm">'
        '<button type="submit">Ja, ich übernehme den Termin</button></form>'
        f"{_decline_form(token, 'Nein, weil …')}"
    )


def _confirmed_page(token: str, appointment: Appointment) -> str:
    return (
        f"<p>{escape(CONFLICTS_DE['confirmed'])}</p>{_details(appointment)}"
        f"{_decline_form(token, 'Ich kann doch nicht, weil …')}"
    )


@router.get("", response_class=HTMLResponse, responses=OPENED)
async def open_answer(token: str, db: Database, settings: Config) -> HTMLResponse:
    """The assignment as the interpreter decides on it, with the two answers."""
    claim = _claim(settings, token)
    if isinstance(claim, HTMLResponse):
        return claim
    async with db.transaction(claim.district) as tx:
        try:
            appointment = await appointments.load(tx, claim.appointment_id)
        except NotFound:
            return _not_found()
        asked = await lifecycle.attempt_outcome(tx, claim.appointment_id, claim.interpreter_id)
    return _opened(token, claim, appointment, asked is not None)


def _opened(token: str, claim: links.AnswerClaim, appointment: Appointment, asked: bool) -> HTMLResponse:
    if appointment.interpreter_id != claim.interpreter_id:
        return _conflict("not_assigned") if asked else _not_found()
    if appointment.state == "confirmed":
        return link_page("Schon bestätigt", _confirmed_page(token, appointment))
    if appointment.state != "assigned":
        return _conflict("closed")
    assert appointment.respond_by is not None  # an assigned appointment has its deadline
    if datetime.now(UTC) >= appointment.respond_by:
        return _expired()
    return link_page("Anfrage für eine Sprachmittlung", _assignment_page(token, appointment))


async def _answer(
    db: Database, settings: InterpretingSettings, claim: links.AnswerClaim, reason: DeclineReason | None
) -> HTMLResponse:
    now = datetime.now(UTC)
    try:
        async with db.transaction(claim.district) as tx:
            if reason is None:
                await answers.confirm(
                    tx, settings, claim.appointment_id, interpreter_id=claim.interpreter_id, now=now
                )
            else:
                await answers.decline(
                    tx, settings, claim.appointment_id, reason, interpreter_id=claim.interpreter_id, now=now
                )
    except NotFound:
        return _not_found()
    except answers.AnswerConflict as conflict:
        return _conflict(conflict.kind)
    if reason is None:
        return link_notice("Vielen Dank!", CONFIRMED_DE, 200)
    return link_notice("Vielen Dank für Ihre Antwort", DECLINED_DE, 200)


@router.post("/confirm", response_class=HTMLResponse, responses=OPENED)
async def confirm(token: str, db: Database, settings: Config) -> HTMLResponse:
    claim = _claim(settings, token)
    if isinstance(claim, HTMLResponse):
        return claim
    return await _answer(db, settings, claim, None)


@router.post("/decline", response_class=HTMLResponse, responses=DECLINED, openapi_extra=DECLINE_FORM)
async def decline(token: str, request: Request, db: Database, settings: Config) -> HTMLResponse:
    """The form's `reason` field holds a DeclineReason."""
    claim = _claim(settings, token)
    if isinstance(claim, HTMLResponse):
        return claim
    try:
        reason = DeclineReason(await form_value(request, "reason"))
    except ValueError:
        return link_notice(
            "Bitte einen Grund wählen", "Bitte wählen Sie einen Grund für die Absage (Feld reason).", 422
        )
    return await _answer(db, settings, claim, reason)
