"""Intake's own settings (`WIR_INTAKE_*`), beside the kit's (`WIR_*`)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class IntakeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIR_INTAKE_", extra="ignore", frozen=True)

    erasure_overdue_after_s: float = Field(
        3 * 24 * 3600.0,
        ge=0,
        description="An erasure not confirmed by every service after this long is marked overdue.",
    )
    erasure_check_interval_s: float = Field(60.0, gt=0, description="How often overdue erasures are sought.")
    consent_check_interval_s: float = Field(
        60.0, gt=0, description="How often lapsed consents are sought and announced."
    )
    idempotency_retention_h: float = Field(
        24.0, gt=0, description="How long the answer to a POST is kept for retries with its key."
    )
    idempotency_prune_interval_s: float = Field(
        3600.0, gt=0, description="How often old answers are removed."
    )
    search_min_score: float = Field(0.5, gt=0, le=1, description="Lowest score (0-1) of a name search hit.")
