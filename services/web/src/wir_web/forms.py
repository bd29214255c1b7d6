"""Reading posted forms, shared by every area: the fields as typed, the service's field errors
placed beside the form's own fields, a double submit answered with what the first one made, and
ids taken from a URL path.

Values are sent on as typed, even when they do not parse: the service judges them and names the
field, so the form never holds rules of its own that could drift from the service's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from fastapi import Request
from starlette.datastructures import FormData

from wir_web.backend import NotFound

#: How many recent submissions of a form a session remembers, to answer a double submit: a
#: double click needs one; each costs ~100 bytes of a cookie that also carries the provider's
#: tokens, and a browser drops a cookie over 4 KB (signing the user out).
_REMEMBERED = 5


def path_id(value: str) -> str:
    """An id from a URL as the services spell it; anything else is a page that does not exist."""
    try:
        return str(UUID(value))
    except ValueError:
        raise NotFound from None


def text(form: FormData, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def optional(form: FormData, key: str) -> str | None:
    return text(form, key) or None


def chosen(form: FormData, key: str) -> list[str]:
    return [value for value in form.getlist(key) if isinstance(value, str) and value]


@dataclass
class Filled:
    """A posted form as the page shows it again: the user's values and the errors by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: Which form row each list item of the body came from, by the body's list name.
    rows: dict[str, list[int]] = field(default_factory=dict)

    def place(self, problems: Mapping[str, str], aliases: Mapping[str, str]) -> None:
        """Each API field error beside the form field it is about (else at the form's top)."""
        for path, message in problems.items():
            self.errors.setdefault(self.field_of(path, aliases), message)

    def field_of(self, path: str, aliases: Mapping[str, str]) -> str:
        parts = path.split(".")
        head = parts[0]
        if head in self.rows and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            row = self.rows[head][index] if index < len(self.rows[head]) else 0
            leaf = parts[2] if len(parts) > 2 else ""
            return aliases.get(f"{head}.{leaf}", aliases.get(f"{head}.", head)).format(row=row)
        if path in aliases:
            return aliases[path].format(row=0)
        return aliases.get(head, head).format(row=0)


def form_values(form: FormData, multiple: Sequence[str] = ()) -> dict[str, Any]:
    """The form's fields as entered (lists for the fields that take several values)."""
    values: dict[str, Any] = {key: text(form, key) for key in form if key not in multiple}
    values.update({key: chosen(form, key) for key in multiple})
    values.pop("csrf_token", None)
    return values


def remembered(request: Request, form_key: str) -> str | None:
    """What an earlier submission of this form made (its id), so a double submit makes nothing."""
    if not form_key:
        return None
    done = request.session.get("done_forms")
    found = done.get(form_key) if isinstance(done, dict) else None
    return found if isinstance(found, str) else None


def remember(request: Request, form_key: str, made: str) -> None:
    if not form_key:
        return
    done = request.session.get("done_forms")
    kept = dict(done) if isinstance(done, dict) else {}
    kept[form_key] = made
    request.session["done_forms"] = dict(list(kept.items())[-_REMEMBERED:])
