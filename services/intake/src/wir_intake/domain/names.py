"""Search keys of names written in any script.

Names arrive in Arabic, Cyrillic or Latin script, and the same name is transliterated in many
ways (Muhammad, Mohammed, Mohamed). The keys fold every form to lower-case ASCII words; the
database adds their double metaphone codes, which agree across such spellings, and trigrams,
which tolerate typos.
"""

from __future__ import annotations

import re

from anyascii import anyascii

_WORD = re.compile(r"[a-z0-9]+")
MIN_TOKEN = 2  # single letters (initials) match everything phonetically
WORD_MATCH = 0.5  # trigram word similarity from which a word counts as the same with a typo


def name_tokens(*forms: str | None) -> list[str]:
    """Distinct ASCII words of all given name forms, in first-seen order."""
    tokens: dict[str, None] = {}
    for form in forms:
        if not form:
            continue
        for word in _WORD.findall(anyascii(form).lower()):
            if len(word) >= MIN_TOKEN:
                tokens.setdefault(word, None)
    return list(tokens)
