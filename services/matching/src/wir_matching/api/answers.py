"""The signed answer link of a proposal, for volunteers without an account: a small German page
with what they need to decide (topics, the municipality's name, the languages they share; nothing
else about the person) and two forms, accept and decline, that act like the API.

The token names the district, the match and the volunteer, and is signed; its district is the
transaction's. A link that opens nothing answers 404, one past its time 410, each as a page in
plain words. The token is the credential: the pages are never cached and send no referrer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from wir_contracts import places
from wir_contracts.matching.v1 import DeclineReason
from wir_contracts.needs import MentoringTopic
from wir_kit import Database, choice_form, form_value, link_notice, link_page, link_page_answer
from wir_matching.adapters import links
from wir_matching.api.deps import Config
from wir_matching.api.proposals import reasons_of, shared_languages
from wir_matching.commands import proposals
from wir_matching.db import matches
from wir_matching.domain.languages import german_name
from wir_matching.domain.scoring import TOPIC_NAMES_DE
from wir_matching.settings import MatchingSettings

router = APIRouter(prefix="/answers/{token}", tags=["public"])

BERLIN = ZoneInfo("Europe/Berlin")
DECLINE_REASONS_DE = {
    DeclineReason.NO_CAPACITY: "Ich habe gerade keine Zeit für eine weitere Begleitung.",
    DeclineReason.NOT_A_GOOD_FIT: "Das passt nicht gut zu mir.",
    DeclineReason.UNAVAILABLE: "Ich bin in nächster Zeit nicht erreichbar.",
    DeclineReason.OTHER: "Ein anderer Grund.",
}
CONFLICTS_DE = {
    "accepted": "Sie haben diese Anfrage bereits angenommen.",
    "expired": "Die Zeit für eine Antwort ist abgelaufen. Die Person wird jemand anderem vorgeschlagen.",
    "answered": "Diese Anfrage ist bereits beantwortet oder zurückgezogen.",
    "full": "Sie begleiten schon so viele Menschen, wie Sie angegeben haben. Bitte wenden Sie sich "
    "an Ihre Koordination, wenn Sie mehr übernehmen möchten.",
}
ACCEPTED_DE = (
    "Sie haben die Begleitung übernommen. Die Person erfährt, wie sie Sie erreicht, so weit Sie es "
    "freigegeben haben."
)
NOT_FOUND_DE = "Diesen Link gibt es nicht (mehr). Bitte prüfen Sie, ob Sie ihn vollständig geöffnet haben."
EXPIRED_DE = "Dieser Link ist abgelaufen. Die Anfrage wurde inzwischen an jemand anderen weitergegeben."


#: What the routes answer besides 200, each as an HTML page.
OPENED: dict[int | str, dict[str, Any]] = {
    404: link_page_answer("No such link: unknown, tampered, or the proposal is gone."),
    410: link_page_answer("The link or the proposal's time to answer is over."),
}
ANSWERED: dict[int | str, dict[str, Any]] = {
    **OPENED,
    409: link_page_answer("The proposal was answered already, or the volunteer has no free place."),
}
DECLINED: dict[int | str, dict[str, Any]] = {
    **ANSWERED,
    422: link_page_answer("The form's `reason` is missing or not a DeclineReason."),
}


def _not_found() -> HTMLResponse:
    return link_notice("Link nicht gefunden", NOT_FOUND_DE, 404)


def _expired() -> HTMLResponse:
    return link_notice("Link abgelaufen", EXPIRED_DE, 410)


def _list(words: Iterable[str]) -> str:
    return ", ".join(escape(word) for word in words) or "–"


def _claim(settings: MatchingSettings, token: str) -> links.AnswerClaim | HTMLResponse:
    try:
        return links.read_answer(settings.answer_link_secret, token, now=datetime.now(UTC))
    except links.LinkExpired:
        return _expired()
    except links.BadLink:
        return _not_found()


def _proposal_page(token: str, row: asyncpg.Record) -> str:
    place = places.name(row["municipality"] or "") or "–"
    topics = sorted(row["topics"] or [])
    languages = shared_languages(reasons_of(row["reasons"]))
    respond_by = row["respond_by"].astimezone(BERLIN)
    options = "".join(
        f'<p><label><input type="radio" name="reason" value="{reason.value}" required> '
        f"{escape(text)}</label></p>"
        for reason, text in DECLINE_REASONS_DE.items()
    )
    action = escape(token, quote=True)
    return (
        "<p>Eine Person sucht Begleitung. Können Sie sie übernehmen?</p><dl>"
        f"<dt>Themen</dt><dd>{_list(TOPIC_NAMES_DE[MentoringTopic(t)] for t in topics)}</dd>"
        f"<dt>Wohnort</dt><dd>{escape(place)}</dd>"
        f"<dt>Gemeinsame Sprachen</dt><dd>{_list(german_name(code) for code in languages)}</dd></dl>"
        f"<p>Bitte antworten Sie bis zum {respond_by:%d.%m.%Y um %H:%M} Uhr.</p>"
        f'<form method="post" action="{action}/accept">'
        '<button type="submit">Ja, ich übernehme das</button></form>'
        f'<form method="post" action="{action}/decline"><fieldset><legend>Nein, weil …</legend>{options}'
        '<button type="submit">Absagen</button></fieldset></form>'
    )


@router.get("", response_class=HTMLResponse, responses=OPENED)
async def open_answer(token: str, db: Database, settings: Config) -> HTMLResponse:
    """The proposal as the volunteer decides on it, with the two answers."""
    claim = _claim(settings, token)
    if isinstance(claim, HTMLResponse):
        return claim
    async with db.transaction(claim.district) as tx:
        row = await matches.proposal_context(tx, claim.match_id, claim.volunteer_id)
    if row is None:
        return _not_found()
    if row["state"] == "expired" or (row["state"] == "proposed" and row["overdue"]):
        return _expired()
    if row["state"] != "proposed":
        return link_notice(
            "Schon beantwortet", CONFLICTS_DE["accepted" if row["state"] == "accepted" else "answered"], 200
        )
    return link_page("Anfrage für eine Begleitung", _proposal_page(token, row))


async def _answer(
    db: Database, claim: links.AnswerClaim, reason: DeclineReason | None, delay_s: float
) -> HTMLResponse:
    try:
        async with db.transaction(claim.district) as tx:
            if reason is None:
                await proposals.accept(tx, claim.match_id, volunteer_id=claim.volunteer_id)
            else:
                await proposals.decline(
                    tx, claim.match_id, reason, volunteer_id=claim.volunteer_id, run_delay_s=delay_s
                )
    except proposals.ProposalNotFound:
        return _not_found()
    except proposals.ProposalConflict as conflict:
        if conflict.kind == "expired":
            return _expired()
        return link_notice("Nicht möglich", CONFLICTS_DE.get(conflict.kind, CONFLICTS_DE["answered"]), 409)
    if reason is None:
        return link_notice("Vielen Dank!", ACCEPTED_DE, 200)
    return link_notice("Vielen Dank für Ihre Antwort", "Wir schlagen der Person jemand anderen vor.", 200)


@router.post("/accept", response_class=HTMLResponse, responses=ANSWERED)
async def accept(token: str, db: Database, settings: Config) -> HTMLResponse:
    claim = _claim(settings, token)
    if isinstance(claim, HTMLResponse):
        return claim
    return await _answer(db, claim, None, settings.run_debounce_s)


DECLINE_FORM = choice_form("reason", [reason.value for reason in DeclineReason])


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
    return await _answer(db, claim, reason, settings.run_debounce_s)
