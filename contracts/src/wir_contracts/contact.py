"""Contact details. Only events that notifications consumes carry them."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from wir_contracts._internal.distinct import DISTINCT
from wir_contracts.channels import Channel
from wir_contracts.parts import Part

__all__ = ["Contact", "DisplayName", "EmailAddress", "PhoneNumber"]

# Deliverability is the mail server's verdict; this only keeps obvious garbage out.
EmailAddress = Annotated[str, StringConstraints(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{6,14}$")]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class Contact(Part):
    """How to reach someone: the name to address them by, addresses, channels in order."""

    display_name: DisplayName = Field(
        description="Name to address the recipient by in messages, as they wish to be called."
    )
    email: EmailAddress | None = Field(default=None, description="E-mail address.")
    mobile: PhoneNumber | None = Field(
        default=None, description="Mobile number for SMS, in E.164 form (+4915...)."
    )
    channels: Annotated[tuple[Channel, ...], DISTINCT] = Field(
        description="Channels the recipient may be reached through, most preferred first."
    )

    @model_validator(mode="after")
    def _channels_have_addresses(self) -> Self:
        if Channel.EMAIL in self.channels and self.email is None:
            raise PydanticCustomError("channel_address", "the email channel needs an address")
        if Channel.SMS in self.channels and self.mobile is None:
            raise PydanticCustomError("channel_address", "the sms channel needs a mobile number")
        return self
