"""The kinds of refusal the service's commands raise; `api/errors.py` says once how each answers.
Commands raise subclasses named for what happened; a subclass answers as its base."""

from __future__ import annotations


class NotFound(LookupError):
    """Not in the caller's district, or not theirs to see: 404, like something missing."""


class Conflict(Exception):
    """The request is well-formed but the state forbids it (answered twice, past the deadline): 409."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldError(ValueError):
    """A field's value is refused by a rule the schema cannot express (lead time, a language
    nobody in reach speaks): 422 naming the field. `message` never repeats the value."""

    def __init__(self, loc: tuple[str | int, ...], kind: str, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.kind = kind
        self.message = message
