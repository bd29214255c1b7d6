"""What a person can consent to; consumers check it before they act (GDPR Art. 9 data)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ConsentPurpose"]


class ConsentPurpose(StrEnum):
    """A purpose of processing a person has consented to.

    processing: their data is processed at all; share_with_volunteers, share_with_interpreters,
    share_with_employers: the data those need is shown to them; contact_email, contact_sms:
    they may be messaged through that channel.
    """

    PROCESSING = "processing"
    SHARE_WITH_VOLUNTEERS = "share_with_volunteers"
    SHARE_WITH_INTERPRETERS = "share_with_interpreters"
    SHARE_WITH_EMPLOYERS = "share_with_employers"
    CONTACT_EMAIL = "contact_email"
    CONTACT_SMS = "contact_sms"
