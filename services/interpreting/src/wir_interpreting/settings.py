"""The interpreting service's own settings (`WIR_INTERPRETING_*`), read when the service starts.

What a district decides for itself (lead time, answer time, allowance rates) is in the
`district_rules` table, set by its coordinators; these are the installation's defaults and timings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_ANSWER_LINK_SECRET = "wir-interpreting-local-answer-links-never-use-in-production"  # noqa: S105 - refused in production


class InterpretingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIR_INTERPRETING_", extra="ignore", frozen=True)

    # The kit's WIR_ENV, read again here: the service's own secret is refused where the kit
    # refuses its development keys.
    env: Literal["local", "test", "production"] | None = Field(
        None, validation_alias=AliasChoices("WIR_ENV", "env"), description="WIR_ENV, as the kit reads it."
    )
    public_url: str = Field(
        "http://127.0.0.1:8004",
        description="Base URL under which interpreters open the signed answer links of their assignments.",
    )
    answer_link_secret: str = Field(
        DEV_ANSWER_LINK_SECRET, min_length=16, description="Key signing answer links; refused in production."
    )
    reminder_hours: tuple[float, ...] = Field(
        (24.0, 2.0), description="Hours before an appointment that everyone involved is reminded."
    )
    expiry_check_interval_s: float = Field(
        30.0, gt=0, description="How often assignments past their answer time are passed on."
    )
    compliance_check_interval_s: float = Field(
        3600.0, gt=0, description="How often interpreters' compliance documents are checked."
    )
    compliance_remind_days: int = Field(
        30, ge=1, le=365, description="Days before a document expires that the interpreter is reminded."
    )
    neighbour_check_interval_s: float = Field(
        2.0, gt=0, description="How often a pool's bookings for neighbouring districts are announced."
    )

    @model_validator(mode="after")
    def _refuse_development_secret(self) -> InterpretingSettings:
        if self.env == "production" and self.answer_link_secret == DEV_ANSWER_LINK_SECRET:
            raise ValueError("production needs WIR_INTERPRETING_ANSWER_LINK_SECRET")
        return self

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
