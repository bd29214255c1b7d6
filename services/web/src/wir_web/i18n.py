"""The interface's words: German first, English; the person's pages in the six message
languages. Each area keeps its words in `locales/<language>/<area>.json` as `"key": "text"`;
a key is looked up as `area.key`, in the page's language, else in German."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from starlette.requests import Request

#: The staff interface's languages, the first the default.
STAFF_LANGUAGES = ("de", "en")
#: The languages a person's own pages are shown in (the message languages).
PERSON_LANGUAGES = ("de", "en", "ar", "fa", "uk", "tr")
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
#: ISO 639-3 as the services speak it → the page's language tag.
FROM_ISO639_3 = {"deu": "de", "eng": "en", "ara": "ar", "prs": "fa", "fas": "fa", "ukr": "uk", "tur": "tr"}


@cache
def catalog(language: str) -> Mapping[str, str]:
    words: dict[str, str] = {}
    folder = files("wir_web") / "locales" / language
    if not folder.is_dir():
        return words
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            area = entry.name.removesuffix(".json")
            texts: dict[str, str] = json.loads(entry.read_text(encoding="utf-8"))
            words.update({f"{area}.{key}": text for key, text in texts.items()})
    return words


def translate(language: str, key: str, **values: object) -> str:
    """The text of `key`; a missing key shows itself, so a gap is seen, not guessed."""
    text = catalog(language).get(key) or catalog("de").get(key) or key
    return text.format(**values) if values else text


def staff_language(request: Request) -> str:
    """The interface language: the one chosen in this session, else the browser's, else German."""
    chosen = request.session.get("lang") if "session" in request.scope else None
    if chosen in STAFF_LANGUAGES:
        return str(chosen)
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in STAFF_LANGUAGES:
            return tag
    return STAFF_LANGUAGES[0]


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
