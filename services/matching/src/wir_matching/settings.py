"""The matching service's own settings (`WIR_MATCHING_*`), read when the service starts."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_ANSWER_LINK_SECRET = "wir-matching-local-answer-links-never-use-in-production"  # noqa: S105 - refused in production


class MatchingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIR_MATCHING_", extra="ignore", frozen=True)

    # The kit's WIR_ENV, read again here: the service's own secret is refused where the kit
    # refuses its development keys.
    env: Literal["local", "test", "production"] | None = Field(
        None, validation_alias=AliasChoices("WIR_ENV", "env"), description="WIR_ENV, as the kit reads it."
    )
    public_url: str = Field(
        "http://127.0.0.1:8003",
        description="Base URL under which volunteers open the signed answer links of their proposals.",
    )
    answer_link_secret: str = Field(
        DEV_ANSWER_LINK_SECRET, min_length=16, description="Key signing answer links; refused in production."
    )
    respond_days: int = Field(7, ge=1, le=60, description="Days a volunteer has to answer a proposal.")
    run_debounce_s: float = Field(
        30.0, ge=0, description="How long a district's run waits for further changes before it starts."
    )
    run_check_interval_s: float = Field(5.0, gt=0, description="How often due runs are looked for.")
    expiry_check_interval_s: float = Field(
        60.0, gt=0, description="How often unanswered proposals past their answer time are expired."
    )
    compliance_check_interval_s: float = Field(
        3600.0, gt=0, description="How often volunteers' compliance documents are checked."
    )
    compliance_remind_days: int = Field(
        30, ge=1, le=365, description="Days before a document expires that the volunteer is reminded."
    )
    waiting_alert_days: int = Field(
        21, ge=1, description="Days a person may wait for a mentor before coordinators are told."
    )
    waiting_check_interval_s: float = Field(3600.0, gt=0, description="How often long waits are looked for.")

    @model_validator(mode="after")
    def _refuse_development_secret(self) -> MatchingSettings:
        if self.env == "production" and self.answer_link_secret == DEV_ANSWER_LINK_SECRET:
            raise ValueError("production needs WIR_MATCHING_ANSWER_LINK_SECRET")
        return self

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
