"""Messages from templates: jinja2 with StrictUndefined, so a missing placeholder is an error.

Each (template, language) file under `adapters/templates/messages/<template>/<language>.jinja` holds the
blocks `subject`, `text` and, where the content policy allows details in an SMS, `sms`. The
HTML version is the text laid out by `layout.html`, which autoescapes, so text and HTML never
disagree and nothing a recipient's name holds becomes markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import pycountry
from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from jinja2 import (
    BaseLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
    UndefinedError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from wir_notifications.domain.errors import TemplateFailure
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES, script

SMS_NOTICE = "sms_notice"
#: The one-time code for the inbox: a folder of its own, beside the notifications' messages.
INBOX_CODE = "inbox_code"
#: The shipped templates: the `templates` folder beside this module.
TEMPLATES = files("wir_notifications.adapters") / "templates"
#: CLDR names some languages by a regional variant rather than an ISO 639-1 code.
_CLDR_LANGUAGE = {"prs": "fa_AF", "ckb": "ckb", "kmr": "kmr"}
_MAX_REASON = 300


@dataclass(frozen=True)
class Rendered:
    language: str
    subject: str
    text: str
    html: str
    sms: str


class Renderer:
    def __init__(self, loader: BaseLoader | None = None) -> None:
        """`loader` replaces the shipped templates (an installation's own wording, tests)."""
        self.env = Environment(
            loader=loader or shipped_templates(),
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            date=_date,
            day=_day,
            short_date=_short_date,
            time=_time,
            term=_term,
            language_name=_language_name,
            contact_line=_contact_line,
            contact_short=_contact_short,
            reason=_reason,
        )

    def languages(self, template: str) -> frozenset[str]:
        """The languages `template` is written in."""
        return _languages(template)

    def templates(self) -> frozenset[str]:
        return _templates()

    def terms(self, language: str) -> Mapping[str, Mapping[str, str]]:
        """The vocabulary (venues, topics, ...) templates in `language` use."""
        return _terms(language)

    def render(
        self,
        template: str,
        language: str,
        values: Mapping[str, Any],
        *,
        sensitive: bool,
        zone: ZoneInfo,
    ) -> Rendered:
        """Render the e-mail and SMS of one message; sensitive ones get the detail-free SMS."""
        try:
            context = {**values, "_language": language, "_zone": zone, "terms": _terms(language)}
            source = self._template(template, language)
            subject = " ".join(self._block(source, "subject", context).split())
            text = self._block(source, "text", context).strip()
            sms_source = self._template(SMS_NOTICE, language) if sensitive else source
            sms = self._sms(sms_source, context)
            html = self._layout(subject, text, language)
        except UndefinedError as exc:
            raise TemplateFailure(f"template {template}/{language}: {exc.message}"[:_MAX_REASON]) from None
        except (TemplateError, KeyError, ValueError, TypeError) as exc:
            # Only the kind of error: its text could quote values from the context.
            raise TemplateFailure(f"template {template}/{language}: {type(exc).__name__}") from None
        return Rendered(language=language, subject=subject, text=text, html=html, sms=sms)

    def sms_notice(self, language: str, values: Mapping[str, Any]) -> str:
        """The SMS every sensitive message gets: that there is one, and where to read it."""
        context = {**values, "_language": language, "terms": _terms(language)}
        return self._sms(self._template(SMS_NOTICE, language), context)

    def inbox_code(self, language: str, code: str, minutes: int) -> Rendered:
        """The message carrying a one-time code for the inbox (`templates/inbox_code/`): no
        notification, never kept; its SMS is the code and its time, nothing of the person."""
        context = {"code": code, "minutes": minutes, "_language": language, "terms": _terms(language)}
        source = self.env.get_template(f"{INBOX_CODE}/{language}.jinja")
        subject = " ".join(self._block(source, "subject", context).split())
        text = self._block(source, "text", context).strip()
        html = self._layout(subject, text, language)
        return Rendered(language, subject, text, html, self._sms(source, context))

    def _layout(self, subject: str, text: str, language: str) -> str:
        return self.env.get_template("layout.html").render(
            subject=subject,
            paragraphs=_paragraphs(text),
            tag=script(language).tag,
            direction="rtl" if script(language).rtl else "ltr",
        )

    def _sms(self, source: Template, context: Mapping[str, Any]) -> str:
        return " ".join(self._block(source, "sms", context).split())

    def _template(self, template: str, language: str) -> Template:
        return self.env.get_template(f"messages/{template}/{language}.jinja")

    def _block(self, source: Template, block: str, context: Mapping[str, Any]) -> str:
        render = source.blocks.get(block)
        if render is None:
            raise TemplateFailure(f"template {source.name}: no block {block}")
        return "".join(render(source.new_context(dict(context))))


def shipped_templates() -> PackageLoader:
    """The templates the package ships (under another loader, an installation's own go first)."""
    return PackageLoader("wir_notifications.adapters", "templates")


def _paragraphs(text: str) -> list[list[str]]:
    blocks = (block.strip() for block in text.split("\n\n"))
    return [block.splitlines() for block in blocks if block]


@cache
def _templates() -> frozenset[str]:
    folder = TEMPLATES / "messages"
    return frozenset(item.name for item in folder.iterdir() if item.is_dir())


@cache
def _languages(template: str) -> frozenset[str]:
    folder = TEMPLATES / "messages" / template
    found = (item.name.removesuffix(".jinja") for item in folder.iterdir() if item.name.endswith(".jinja"))
    return frozenset(code for code in found if code in TEMPLATE_LANGUAGES)


@cache
def _terms(language: str) -> Mapping[str, Mapping[str, str]]:
    source = TEMPLATES / "terms" / f"{language}.json"
    terms: dict[str, dict[str, str]] = json.loads(source.read_text(encoding="utf-8"))
    return terms


def _locale(context: Context) -> str:
    language: str = context["_language"]
    return script(language).locale


def _moment(context: Context, value: str) -> datetime:
    zone: ZoneInfo = context["_zone"]
    return datetime.fromisoformat(value).astimezone(zone)


@pass_context
def _date(context: Context, value: str) -> str:
    return format_date(_moment(context, value), "full", locale=_locale(context))


@pass_context
def _short_date(context: Context, value: str) -> str:
    return format_date(_moment(context, value), "short", locale=_locale(context))


@pass_context
def _time(context: Context, value: str) -> str:
    moment = _moment(context, value)
    return format_time(moment, "short", tzinfo=moment.tzinfo, locale=_locale(context))


@pass_context
def _term(context: Context, value: str, kind: str) -> str:
    """A vocabulary word (venue, topic, ...) in the message's language."""
    words: Mapping[str, str] = context["terms"][kind]
    if value not in words:
        raise UndefinedError(f"no {kind} term {value!r}")
    return words[value]


@pass_context
def _day(context: Context, value: str) -> str:
    """A calendar day (an ISO date, no time and so no time zone), written out."""
    return format_date(date.fromisoformat(value), "long", locale=_locale(context))


@pass_context
def _reason(context: Context, reason: Mapping[str, Any]) -> str:
    """One reason of a proposal in words: the component's phrase from the terms, filled with
    what earned it (shared languages' names, kilometres, topics, hours, days)."""
    phrases: Mapping[str, str] = context["terms"]["match_reason"]
    component = reason["component"]
    if component not in phrases:
        raise UndefinedError(f"no match_reason term {component!r}")
    locale = _locale(context)
    topics: Mapping[str, str] = context["terms"]["topic"]
    return phrases[component].format(
        languages=format_list([_name_in(locale, code) for code in reason["languages"]], locale=locale),
        km=format_decimal(reason["distance_km"] or 0, "#,##0.#", locale=locale),
        topics=format_list([topics[topic] for topic in reason["topics"]], locale=locale),
        hours=format_decimal(reason["hours_per_week"] or 0, "#,##0.#", locale=locale),
        days=format_decimal(reason["waiting_days"] or 0, locale=locale),
    )


@pass_context
def _language_name(context: Context, code: str) -> str:
    return _name_in(_locale(context), code)


def _name_in(locale: str, code: str) -> str:
    names: Callable[[str], str | None] = Locale.parse(locale).languages.get
    language = pycountry.languages.get(alpha_3=code)
    alpha_2 = getattr(language, "alpha_2", None)
    for key in (_CLDR_LANGUAGE.get(code), alpha_2, code):
        if key and (name := names(key)):
            return name
    return str(getattr(language, "name", code))


def _contact_line(contact: Mapping[str, str | None]) -> str:
    """A district's point of contact on one line: name (role), phone, e-mail, address."""
    name = contact["name"] or ""
    if contact.get("role"):
        name = f"{name} ({contact['role']})"
    parts = [name, contact.get("phone"), contact.get("email"), contact.get("address")]
    return ", ".join(part for part in parts if part)


def _contact_short(contact: Mapping[str, str | None]) -> str:
    """Name and one way to reach them, for an SMS."""
    reach = contact.get("phone") or contact.get("email")
    return f"{contact['name']}, {reach}" if reach else str(contact["name"])
