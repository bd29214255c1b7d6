"""The service's own configuration, from `WIR_NOTIFICATIONS_*` variables, read once by `main.build`."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, AliasChoices, AnyHttpUrl, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from wir_notifications.domain.quiet_hours import QuietHours


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a known IANA time zone") from None
    return value


DEV_MESSAGE_LINK_SECRET = "wir-notifications-local-message-links-never-use-in-production"  # noqa: S105 - refused in production
DEV_INBOX_TOKEN_SECRET = "wir-notifications-local-inbox-tokens-never-use-in-production"  # noqa: S105 - refused in production

#: An IANA time zone name (e.g. Europe/Berlin), for the service's default and each district's.
TimeZoneName = Annotated[str, AfterValidator(_known_zone)]


class NotificationSettings(BaseSettings):
    """Channels, retries, quiet hours; defaults work against the local mail sink."""

    model_config = SettingsConfigDict(env_prefix="WIR_NOTIFICATIONS_", extra="ignore", frozen=True)

    smtp_host: str = Field("127.0.0.1", description="Mail server (the local mail sink by default).")
    smtp_port: int = Field(1025, ge=1, le=65535)
    smtp_username: str | None = Field(None, description="Login, if the mail server wants one.")
    smtp_password: SecretStr | None = None
    smtp_starttls: bool | None = Field(
        None, description="Upgrade with STARTTLS: true requires it, false never, unset when offered."
    )
    smtp_tls: bool = Field(False, description="Implicit TLS from the first byte (port 465).")
    smtp_ca_file: Path | None = Field(None, description="CA bundle trusted for the mail server.")
    smtp_from: str = Field("WIR <noreply@wir.localhost>", description="From header and envelope sender.")
    smtp_timeout_s: float = Field(
        15.0, gt=0, description="Per SMTP command; DATA as a whole (the step that cannot be taken back)."
    )
    smtp_idle_s: float = Field(
        30.0, gt=0, description="An open connection to the mail server unused this long is closed."
    )
    smtp_local_hostname: str | None = Field(
        None, description="The name given in EHLO; unset: this host's FQDN, looked up once."
    )

    sms_url: AnyHttpUrl | None = Field(None, description="SMS provider endpoint; unset: no SMS channel.")
    sms_api_key: SecretStr | None = Field(None, description="Bearer key of the SMS provider.")
    sms_sender: str = Field("WIR", max_length=11, description="Sender id shown on the phone.")
    sms_timeout_s: float = Field(10.0, gt=0, description="The provider's POST as a whole.")

    retry_delays_s: list[float] = Field(
        [10.0, 60.0, 300.0, 1800.0],
        description="Waits between attempts on one channel; one attempt more than waits, then the next.",
    )
    retry_jitter: float = Field(0.2, ge=0, lt=1, description="Each wait varies by ± this share.")

    quiet_hours_start: time = Field(time(21, 0), description="Default start of quiet hours (local).")
    quiet_hours_end: time = Field(time(8, 0), description="Default end of quiet hours (local).")
    time_zone: TimeZoneName = Field("Europe/Berlin", description="Default time zone of a district.")

    # The kit's WIR_ENV, read again here: the link secret is refused where the kit refuses its
    # development keys.
    env: Literal["local", "test", "production"] | None = Field(
        None, validation_alias=AliasChoices("WIR_ENV", "env"), description="WIR_ENV, as the kit reads it."
    )
    public_url: str = Field(
        "http://127.0.0.1:8005",
        description="Base URL under which people open the signed link to a message (/messages/<token>).",
    )
    message_link_secret: str = Field(
        DEV_MESSAGE_LINK_SECRET,
        min_length=16,
        description="Key signing links to messages; not the default in production.",
    )
    message_link_days: int = Field(30, ge=1, le=365, description="Days the link to a message stays valid.")
    web_url: str = Field(
        "http://127.0.0.1:8000",
        description="Base URL of the web app, where a message's page links the person's inbox "
        "(/inbox?m=<token>).",
    )
    inbox_token_secret: str = Field(
        DEV_INBOX_TOKEN_SECRET,
        min_length=32,
        description="Key signing the person tokens this service issues for its own inbox after a one-time "
        "code, and keying the codes' hashes; not the default in production, not the message link secret.",
    )
    inbox_token_minutes: int = Field(
        30, ge=1, le=120, description="Minutes a person token from a one-time code opens the inbox."
    )
    inbox_code_minutes: int = Field(10, ge=1, le=60, description="Minutes a one-time code is valid.")
    inbox_code_attempts: int = Field(5, ge=1, le=10, description="Wrong tries that end a one-time code.")
    inbox_code_resend_s: int = Field(
        60, ge=0, le=3600, description="Seconds before another code may be sent to the same person."
    )
    inbox_codes_per_hour: int = Field(
        5, ge=1, le=20, description="Codes sent to one person within an hour at most."
    )

    park_timeout_s: float = Field(
        86400.0, gt=0, description="How long a message waits for an unknown recipient before it is reported."
    )
    park_check_s: float = Field(60.0, gt=0, description="How often waiting messages are checked.")
    worker_poll_s: float = Field(5.0, gt=0, description="Safety poll of the sender when no wake-up arrives.")
    worker_batch: int = Field(50, ge=1, description="Deliveries claimed at once per district.")
    worker_concurrency: int = Field(8, ge=1, description="Messages in flight to the channels at once.")
    lease_s: float = Field(
        20.0,
        gt=0,
        description="A claimed delivery is taken over when its sender has not renewed the claim for this "
        "long; renewed every third of it while sending.",
    )

    @model_validator(mode="after")
    def _lease_outlasts_a_hand_over(self) -> Self:
        # The heartbeat keeps a slow send's lease, however long it takes before the hand-over, and
        # a claimant that lost its lease cannot hand over. What is left is the step after the
        # hand-over (DATA, the provider's POST), bounded by the timeout: the hand-over renews the
        # lease, so with a lease longer than that step no other replica can take the delivery
        # over while it may still be accepted, even if every heartbeat meanwhile fails. A
        # takeover then only follows a sender that died or lost the database for longer than
        # one lease (the counted possible duplicate), never two sends of one message at once.
        if self.lease_s <= max(self.smtp_timeout_s, self.sms_timeout_s):
            raise ValueError("lease_s must exceed the SMTP and SMS timeouts (the step after the hand-over)")
        return self

    @model_validator(mode="after")
    def _refuse_development_secret(self) -> Self:
        if self.env == "production" and self.message_link_secret == DEV_MESSAGE_LINK_SECRET:
            raise ValueError("production needs WIR_NOTIFICATIONS_MESSAGE_LINK_SECRET")
        if self.env == "production" and self.inbox_token_secret == DEV_INBOX_TOKEN_SECRET:
            raise ValueError("production needs WIR_NOTIFICATIONS_INBOX_TOKEN_SECRET")
        # One key per purpose: a leaked link key must not also let someone mint inbox tokens.
        if self.inbox_token_secret == self.message_link_secret:
            raise ValueError("WIR_NOTIFICATIONS_INBOX_TOKEN_SECRET must differ from the message link secret")
        return self

    def message_url(self, token: str) -> str:
        """The page a signed message link opens."""
        return f"{self.public_url.rstrip('/')}/messages/{token}"

    def inbox_url(self, token: str) -> str:
        """The web app's page where the person signs in to their inbox from a message's link."""
        return f"{self.web_url.rstrip('/')}/inbox?m={token}"

    def default_quiet_hours(self) -> QuietHours:
        return QuietHours(self.quiet_hours_start, self.quiet_hours_end, ZoneInfo(self.time_zone))
