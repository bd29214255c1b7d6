"""An entry of the Kompetenznachweis as a flat HTML form and back: the form's fields per kind,
the JSON body competence takes, and competence's field errors placed beside the form's fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wir_web.pages.records_labels import KINDS, SKILLS

_DATED = ("started_on", "ended_on")
_EVIDENCE = ("evidence_kind", "evidence_issuer", "evidence_number")
#: Each kind's form fields, in the order the form shows them.
FIELDS: dict[str, tuple[str, ...]] = {
    "schooling": ("country", "years", "isced_level", "certificate", *_DATED, *_EVIDENCE),
    "training": (
        "type", "field", "isced_level", "country", "completed", "recognition", *_DATED, *_EVIDENCE,
    ),
    "work": ("occupation", "years", "country", *_DATED, *_EVIDENCE),
    "language": ("language", "native", *SKILLS, "evidence", "exam", "certificate_level", "assessed_on"),
    "course": (
        "course", "provider", "status", "outcome", "language_level", *_DATED, *_EVIDENCE,
    ),
}  # fmt: skip
_FLAGS = frozenset({"certificate", "completed", "native"})
_WHOLE = frozenset({"isced_level"})
#: Fields whose number competence checks: years of schooling are whole, of work may be halves.
_NUMBERS = {"years": {"schooling": int, "work": float}}


def kind_of(value: object) -> str | None:
    return value if isinstance(value, str) and value in KINDS else None


def _number(text: str, kind: str, name: str) -> Any:
    parse = int if name in _WHOLE else _NUMBERS.get(name, {}).get(kind, int)
    try:
        return parse(text.replace(",", "."))
    except ValueError:
        return text  # competence names the field; the form shows its message


def entry_from_form(kind: str, form: Mapping[str, Any]) -> dict[str, Any]:
    """The body competence takes for `kind`, from the posted form; blanks are left out."""
    body: dict[str, Any] = {"kind": kind}
    evidence: dict[str, Any] = {}
    for name in FIELDS[kind]:
        raw = form.get(name)
        text = raw.strip() if isinstance(raw, str) else ""
        if name in _FLAGS:
            body[name] = bool(text)
        elif not text:
            continue
        elif name.startswith("evidence_"):
            evidence[name.removeprefix("evidence_")] = text
        elif name in _WHOLE or name in _NUMBERS:
            body[name] = _number(text, kind, name)
        else:
            body[name] = text
    if kind != "language":
        body["evidence"] = evidence
    return body


def form_from_entry(entry: Mapping[str, Any]) -> dict[str, str]:
    """The form's values of a stored entry (flags as "on", numbers and dates as text)."""
    values: dict[str, str] = {}
    for name, value in entry.items():
        if name == "evidence" and isinstance(value, Mapping):
            values.update({f"evidence_{key}": str(part) for key, part in value.items() if part is not None})
        elif isinstance(value, bool):
            values[name] = "on" if value else ""
        elif value is not None:
            values[name] = str(value)
    return values


def form_values(kind: str, form: Mapping[str, Any]) -> dict[str, str]:
    """What the user typed, to show again beside the errors (a number input shows no "4,5")."""
    typed = {name: str(form.get(name) or "").strip() for name in FIELDS[kind]}
    for name in _WHOLE | _NUMBERS.keys():
        if name in typed:
            typed[name] = typed[name].replace(",", ".")
    return typed


def field_errors(kind: str, problems: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Competence's problems ({"work.ended_on": message}) as (by form field, about the whole entry)."""
    by_field: dict[str, str] = {}
    general: list[str] = []
    for where, message in problems.items():
        path = where.split(".")
        if path and path[0] == kind:
            path = path[1:]
        name = "_".join(path)
        if name == "evidence" and kind != "language":
            name = "evidence_kind"  # a certificate without issuer or number: the evidence as a whole
        if name in FIELDS[kind]:
            by_field.setdefault(name, message)
        else:
            general.append(message)
    return by_field, general
