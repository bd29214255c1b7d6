"""Which channels a message tries, in which order: only agreed ones, the inbox last."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.channels import Channel
from wir_contracts.notifications.v1 import FailureReason, RecipientKind
from wir_notifications.domain.recipients import Recipient, delivery_plan, may_be_contacted, unusable_because

EMAIL, SMS, INBOX = Channel.EMAIL, Channel.SMS, Channel.INBOX


def person(
    channels, consents=("contact_email", "contact_sms"), email="a@example.org", mobile="+4915100000001"
):
    return Recipient(
        kind=RecipientKind.PERSON,
        recipient_id=uuid4(),
        display_name="Amina",
        email=email,
        mobile=mobile,
        channels=tuple(channels),
        preferred_language="prs",
        languages=("prs", "eng"),
        consents=frozenset(consents),
    )


def volunteer(channels):
    return Recipient(
        kind=RecipientKind.VOLUNTEER,
        recipient_id=uuid4(),
        display_name="Jutta",
        email="j@example.org",
        mobile=None,
        channels=tuple(channels),
        preferred_language="deu",
    )


def test_agreed_channels_are_tried_in_the_recipients_order_then_the_inbox() -> None:
    assert delivery_plan(person([SMS, EMAIL]), sms_available=True) == (SMS, EMAIL, INBOX)


def test_a_channel_without_consent_is_left_out() -> None:
    assert delivery_plan(person([EMAIL, SMS], consents=["contact_sms"]), sms_available=True) == (SMS, INBOX)


def test_a_channel_without_address_is_left_out() -> None:
    assert delivery_plan(person([SMS, EMAIL], mobile=None), sms_available=True) == (EMAIL, INBOX)


def test_a_recipient_preferring_the_inbox_is_not_also_mailed() -> None:
    assert delivery_plan(person([INBOX, EMAIL]), sms_available=True) == (INBOX,)


def test_without_an_sms_provider_sms_is_skipped() -> None:
    assert delivery_plan(person([SMS, EMAIL]), sms_available=False) == (EMAIL, INBOX)


def test_helpers_need_no_consent_for_the_channels_they_chose() -> None:
    assert delivery_plan(volunteer([EMAIL]), sms_available=True) == (EMAIL, INBOX)
    assert unusable_because(volunteer([EMAIL]), SMS) is FailureReason.NO_CHANNEL


def test_withdrawn_consent_makes_a_channel_unusable_at_once() -> None:
    withdrawn = person([EMAIL], consents=[])
    assert unusable_because(withdrawn, EMAIL) is FailureReason.NO_CONSENT
    assert unusable_because(withdrawn, INBOX) is None


def test_a_person_may_be_contacted_with_either_contact_consent() -> None:
    assert may_be_contacted(person([EMAIL], consents=["contact_sms"]))
    assert not may_be_contacted(person([EMAIL], consents=["processing"]))
    assert may_be_contacted(volunteer([EMAIL]))
