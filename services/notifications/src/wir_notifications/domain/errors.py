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


class LinkRefused(LookupError):
    """A message link that opens no inbox: tampered, unknown, another district's, or not to a person."""


class LinkTimeOver(Exception):
    """A genuine message link whose time is over."""


class NoCodeChannel(Exception):
    """The message's person cannot be sent a code: it went out on no e-mail or SMS, or that
    channel's address or consent is gone."""


class CodeNotSent(Exception):
    """The channel did not take the code (the mail server or SMS provider refused or failed)."""


class CodeRecentlySent(Exception):
    """A code went to the person moments ago; another may follow after `retry_after_s`."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(retry_after_s)
        self.retry_after_s = retry_after_s


class TooManyCodes(CodeRecentlySent):
    """The person was sent as many codes within the hour as allowed."""


class NoCode(LookupError):
    """No code was asked for with this message's link (or a newer one was, with another)."""


class CodeWrong(ValueError):
    """Not the code sent; the code still holds for a few tries."""


class CodeEnded(Exception):
    """The code ended: too many wrong tries, a newer code was sent, or it could not be sent."""


class CodeExpired(Exception):
    """The code's time is over."""


class CodeUsed(Exception):
    """The code opened the inbox once already."""
