"""Which language a message is written in: the recipient's, else one they also read, else German."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from types import MappingProxyType

GERMAN = "deu"


@dataclass(frozen=True)
class Script:
    """How a template language is written: its BCP 47 tag, Babel locale and direction."""

    tag: str
    locale: str
    rtl: bool = False


#: The languages every template is written in (ISO 639-3), and how each is shown.
TEMPLATE_LANGUAGES = MappingProxyType(
    {
        "deu": Script("de", "de"),
        "eng": Script("en", "en"),
        "ara": Script("ar", "ar", rtl=True),
        "fas": Script("fa", "fa", rtl=True),
        "ukr": Script("uk", "uk"),
        "tur": Script("tr", "tr"),
    }
)

#: Individual languages read in the written standard of a template language: Dari and Iranian
#: Persian are both written as Persian; spoken Arabic varieties are read as Modern Standard Arabic.
WRITTEN_AS = MappingProxyType(
    {
        "prs": "fas",
        "pes": "fas",
        "arb": "ara",
        "apc": "ara",
        "ajp": "ara",
        "arz": "ara",
        "acm": "ara",
        "ayl": "ara",
        "afb": "ara",
        "apd": "ara",
    }
)


def language_chain(preferred: str | None, others: Iterable[str] = ()) -> tuple[str, ...]:
    """The order to try: the preferred language, the person's other languages, then German."""
    chain: list[str] = []
    for code in (preferred, *others, GERMAN):
        if code is not None and code not in chain:
            chain.append(code)
    return tuple(chain)


def choose_language(chain: Iterable[str], available: Collection[str]) -> str:
    """The first language of `chain` a template is written in (through `WRITTEN_AS`).

    German ends every chain and every template has it, so a choice is always found; a
    template without German is a defect the template tests catch.
    """
    for code in (*chain, GERMAN):
        written = WRITTEN_AS.get(code, code)
        if written in available:
            return written
    raise LookupError("the template has no German version")


def script(language: str) -> Script:
    return TEMPLATE_LANGUAGES[language]
