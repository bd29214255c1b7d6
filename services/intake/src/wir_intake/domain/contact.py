"""Phone numbers and e-mail addresses, checked and normalised by maintained libraries."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic_core import PydanticCustomError

DEFAULT_REGION = "DE"  # numbers written without +49 are German ones


def e164(number: str) -> str:
    """The number in E.164 form; national numbers are read as German."""
    try:
        parsed = phonenumbers.parse(number, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise PydanticCustomError("phone_number", "not a phone number") from None
    if not phonenumbers.is_valid_number(parsed):
        raise PydanticCustomError("phone_number", "not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_address(address: str) -> str:
    """The address in normalised form; deliverability is the mail server's verdict, not ours."""
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        # The library's message quotes the address; ours does not.
        raise PydanticCustomError("email_address", "not a valid e-mail address") from None
