"""The page a signed message link opens: the message as written, in its language and direction,
and the pages of a link that opens nothing or whose time is over, in every template language
(who opened it is not known then). Built with the kit's `link_page`: never cached, no referrer.
"""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse
from jinja2.utils import urlize

from wir_kit import link_page
from wir_notifications.domain.languages import GERMAN, TEMPLATE_LANGUAGES

#: Unknown, tampered, another district's or an erased message: all alike.
NOT_FOUND = {
    "deu": "Diesen Link gibt es nicht (mehr). Bitte fragen Sie Ihre Ansprechperson bei WIR.",
    "eng": "This link does not exist (any more). Please ask your contact at WIR.",
    "ara": "هذا الرابط غير موجود (لم يعد موجوداً). يرجى سؤال الشخص المسؤول عنك في WIR.",
    "fas": "این پیوند وجود ندارد (دیگر وجود ندارد). لطفاً از فرد رابط خود در WIR بپرسید.",
    "ukr": "Такого посилання немає (більше немає). Будь ласка, зверніться до своєї контактної особи у WIR.",
    "tur": "Bu bağlantı mevcut değil (artık yok). Lütfen WIR'deki irtibat kişinize sorun.",
}
EXPIRED = {
    "deu": "Dieser Link ist abgelaufen. Bitte fragen Sie Ihre Ansprechperson bei WIR.",
    "eng": "This link has expired. Please ask your contact at WIR.",
    "ara": "انتهت صلاحية هذا الرابط. يرجى سؤال الشخص المسؤول عنك في WIR.",
    "fas": "این پیوند منقضی شده است. لطفاً از فرد رابط خود در WIR بپرسید.",
    "ukr": "Термін дії цього посилання закінчився. Будь ласка, зверніться до своєї контактної особи у WIR.",
    "tur": "Bu bağlantının süresi doldu. Lütfen WIR'deki irtibat kişinize sorun.",
}


#: The link from a person's message to their whole inbox in the web app.
OPEN_INBOX = {
    "deu": "Alle Ihre Nachrichten: Ihr Posteingang",
    "eng": "All your messages: open your inbox",
    "ara": "جميع رسائلك: افتح صندوق الوارد",
    "fas": "همه پیام‌های شما: صندوق پیام خود را باز کنید",
    "ukr": "Усі ваші повідомлення: відкрийте свою поштову скриньку",
    "tur": "Tüm mesajlarınız: gelen kutunuzu açın",
}


def message(subject: str, text: str, language: str | None, *, inbox_url: str | None = None) -> HTMLResponse:
    """One message: subject and text, links in it clickable, in the language's direction; for a
    person, the link to their inbox in the web app."""
    shown = language if language is not None and language in TEMPLATE_LANGUAGES else GERMAN
    paragraphs = (block.strip() for block in text.split("\n\n"))
    body = "".join(
        "<p>" + "<br>".join(urlize(line, rel="noreferrer") for line in block.splitlines()) + "</p>"
        for block in paragraphs
        if block
    )
    if inbox_url is not None:
        body += f'<p><a href="{escape(inbox_url)}" rel="noreferrer">{escape(OPEN_INBOX[shown])}</a></p>'
    return link_page("WIR", _in(shown, f"<h2>{escape(subject)}</h2>{body}"))


def not_found() -> HTMLResponse:
    return link_page("WIR", _everywhere(NOT_FOUND), 404)


def expired() -> HTMLResponse:
    return link_page("WIR", _everywhere(EXPIRED), 410)


def _everywhere(texts: dict[str, str]) -> str:
    return "".join(_in(language, f"<p>{escape(text)}</p>") for language, text in texts.items())


def _in(language: str, html: str) -> str:
    """`html` marked with its language and direction, so a reader and a screen reader get both."""
    shown = TEMPLATE_LANGUAGES.get(language) or TEMPLATE_LANGUAGES[GERMAN]
    direction = "rtl" if shown.rtl else "ltr"
    return f'<article lang="{shown.tag}" dir="{direction}">{html}</article>'
