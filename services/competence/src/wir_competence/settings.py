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

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
