"""The person's sign-in to their own inbox with a one-time code, from a message's link (no
account): what the link may ask (`/inbox/link`), a code sent to the channel the message went
out on (`/inbox/code`), and the code exchanged for a short-lived person token that `GET /inbox`
accepts (`/inbox/session`; `adapters/inbox_tokens.py`).

The message link's token is the proof that its holder got that message; the code proves they
still read its channel. Answers name a channel kind and a masked hint at most; refusals say
why in one word (`api/errors.py`), never whose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from wir_contracts.channels import Channel
from wir_kit import Database, get_logger
from wir_notifications.adapters import inbox_tokens
from wir_notifications.adapters.code_delivery import send_code
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.api.deps import Config
from wir_notifications.api.errors import CODE_CHECK_REFUSED, CODE_REQUEST_REFUSED, LINK_REFUSED
from wir_notifications.commands import inbox_sign_in as commands
from wir_notifications.domain import inbox_codes as rules
from wir_notifications.domain.errors import CodeEnded, CodeNotSent, CodeWrong
from wir_notifications.domain.languages import GERMAN, TEMPLATE_LANGUAGES
from wir_notifications.domain.outcomes import Sent

router = APIRouter(prefix="/inbox", tags=["public"])
log = get_logger(__name__)

MessageToken = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[A-Za-z0-9_.-]+$")]


@cache
def _renderer() -> Renderer:
    """The shipped templates, made on first use (nothing happens at import)."""
    return Renderer()


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_token: MessageToken = Field(description="The token of the message's link (`/messages/<token>`).")


class CodeIn(LinkIn):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")] = Field(
        description="The six digits sent."
    )


class LinkOut(BaseModel):
    language: str = Field(description="The message's language (ISO 639-3), for the sign-in's pages.")
    language_tag: str = Field(description="The same as a BCP 47 tag (`ar`).")
    rtl: bool
    channel: Channel | None = Field(description="Where a code would go; null: no code can be sent.")
    hint: str | None = Field(description="A masked hint at the address (`a•••@e•••.org`, `•••42`).")


class CodeSent(BaseModel):
    channel: Channel
    hint: str
    valid_minutes: int


class PersonSession(BaseModel):
    access_token: str = Field(description="A person token for `GET /inbox` (role `person`).")
    token_type: str = "Bearer"  # noqa: S105 - the scheme's name, no secret
    expires_at: datetime
    language: str = Field(description="The message's language (ISO 639-3).")


def _hint(channel: Channel | None, address: str | None) -> str | None:
    return None if channel is None or address is None else rules.masked(channel, address)


@router.post("/link", responses=LINK_REFUSED)
async def describe_link(body: LinkIn, db: Database, settings: Config) -> LinkOut:
    """What a message's link opens to: the language to speak and where a code would go."""
    claim = commands.claim_of(settings, body.message_token, datetime.now(UTC))
    async with db.transaction(claim.district) as tx:
        target = await commands.target(tx, settings, claim.notification_id)
    shown = TEMPLATE_LANGUAGES.get(target.language) or TEMPLATE_LANGUAGES[GERMAN]
    return LinkOut(
        language=target.language,
        language_tag=shown.tag,
        rtl=shown.rtl,
        channel=target.channel,
        hint=_hint(target.channel, target.address),
    )


@router.post("/code", status_code=status.HTTP_202_ACCEPTED, responses=CODE_REQUEST_REFUSED)
async def request_code(body: LinkIn, db: Database, settings: Config) -> CodeSent:
    """Send a one-time code to the person the linked message went to, over its channel."""
    claim = commands.claim_of(settings, body.message_token, datetime.now(UTC))
    async with db.transaction(claim.district) as tx:
        new = await commands.make_code(tx, settings, claim.notification_id)
    outcome = await send_code(
        settings,
        _renderer(),
        code_id=new.code_id,
        channel=new.channel,
        address=new.address,
        language=new.language,
        code=new.code,
    )
    if not isinstance(outcome, Sent):
        async with db.transaction(claim.district) as tx:
            await commands.end_code(tx, new.code_id)
        log.warning("inbox.code_not_sent", channel=new.channel.value, detail=outcome.detail)
        raise CodeNotSent
    log.info("inbox.code_sent", channel=new.channel.value)
    hint = rules.masked(new.channel, new.address)
    return CodeSent(channel=new.channel, hint=hint, valid_minutes=settings.inbox_code_minutes)


@router.post("/session", responses=CODE_CHECK_REFUSED)
async def open_session(body: CodeIn, db: Database, settings: Config) -> PersonSession:
    """The person token for the code sent; a wrong try counts (and the last allowed one ends
    the code) even though it is refused."""
    claim = commands.claim_of(settings, body.message_token, datetime.now(UTC))
    async with db.transaction(claim.district) as tx:
        target, verdict = await commands.check_code(tx, settings, claim.notification_id, body.code)
    # Refused only now, so that the counted try was committed.
    if verdict is commands.Verdict.ENDED:
        raise CodeEnded
    if verdict is commands.Verdict.WRONG:
        raise CodeWrong
    token, expires_at = inbox_tokens.issue(
        settings.inbox_token_secret,
        person_id=target.person_id,
        district=claim.district,
        now=datetime.now(UTC),
        minutes=settings.inbox_token_minutes,
    )
    log.info("inbox.session_opened")
    return PersonSession(access_token=token, expires_at=expires_at, language=target.language)
