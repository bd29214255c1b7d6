"""Keeps a combining mark in the shaping run of the letter it sits on.

fpdf2 (2.8.9) starts a new text fragment wherever the Unicode script changes, and counts a
combining mark (script "Inherited": the shadda, the harakat) as a change. Each fragment is shaped
on its own, so HarfBuzz never sees the mark beside its base letter: the font's mark positioning
gives it no offset (it lands between the letters, not above them) and the letters around it lose
their joining. Joining those fragments again hands HarfBuzz the whole word, and fpdf2 then draws
the offsets HarfBuzz returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from fpdf.line_break import Fragment
from fpdf.unicode_script import UnicodeScript, get_unicode_script


def join_marks(fragments: Iterable[Fragment]) -> Iterator[Fragment]:
    """`fragments` with every split beside a combining mark undone, where nothing else differs."""
    pending: Fragment | None = None
    for fragment in fragments:
        if pending is not None and _split_at_mark(pending, fragment):
            pending = pending.clone(pending.characters + fragment.characters, link=pending.link)
            continue
        if pending is not None:
            yield pending
        pending = fragment
    if pending is not None:
        yield pending


def _split_at_mark(before: Fragment, after: Fragment) -> bool:
    # Only plain fragments: the page-count placeholder is substituted later and stays apart.
    plain = type(before) is Fragment and type(after) is Fragment
    alike = plain and before.graphics_state == after.graphics_state and before.link == after.link
    touching = bool(before.characters) and bool(after.characters)
    return alike and touching and (_is_mark(after.characters[0]) or _is_mark(before.characters[-1]))


def _is_mark(character: str) -> bool:
    return get_unicode_script(character) is UnicodeScript.INHERITED
