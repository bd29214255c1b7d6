"""The notifications service's named errors: what went wrong, never a value that was submitted."""

from __future__ import annotations


class NoSuchPerson(LookupError):
    """No such person among the recipients of the caller's district (or of any)."""


class NoSuchMessage(LookupError):
    """The caller has no such message in their inbox; another's message is just as missing."""


class TemplateFailure(Exception):
    """A template could not be rendered; `reason` names the template and placeholder only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnknownTemplate(KeyError):
    """A template the content policy has no rule for."""
