"""The competence service's own settings (`WIR_COMPETENCE_*`), read when the service starts."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CompetenceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIR_COMPETENCE_", extra="ignore", frozen=True)

    public_url: str = Field(
        "http://127.0.0.1:8002",
        description="Base URL under which employers open shares and anyone verifies a printed record.",
    )
    share_max_days: int = Field(90, ge=1, le=365, description="Longest a share may stay valid.")
    recipient_check_interval_s: float = Field(
        3600.0, gt=0, description="How often the addresses of expired shares' employers are blanked."
    )

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
