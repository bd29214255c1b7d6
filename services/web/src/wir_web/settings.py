"""The web app's own settings (`WIR_WEB_*`), read once when the app is built."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SESSION_SECRET = "wir-web-local-session-key-never-use-in-production"  # noqa: S105 - refused in production
SERVICES = ("intake", "competence", "matching", "interpreting", "notifications")


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIR_WEB_", extra="ignore", frozen=True)

    env: Literal["local", "test", "production"] | None = Field(
        None, validation_alias=AliasChoices("WIR_ENV", "env"), description="WIR_ENV, as the kit reads it."
    )
    port: int = Field(8000, description="Port of the web app.")
    public_url: str = Field(
        "http://127.0.0.1:8000", description="Base URL under which browsers reach the app."
    )
    session_secret: str = Field(
        DEV_SESSION_SECRET,
        min_length=32,
        description="Key signing the session cookie; refused in production.",
    )
    session_hours: float = Field(8.0, gt=0, le=24, description="Hours a sign-in lasts without activity.")
    intake_url: str = Field("http://127.0.0.1:8001", description="Intake's API, as the web app reaches it.")
    competence_url: str = Field("http://127.0.0.1:8002", description="Competence's API.")
    matching_url: str = Field("http://127.0.0.1:8003", description="Matching's API.")
    interpreting_url: str = Field("http://127.0.0.1:8004", description="Interpreting's API.")
    notifications_url: str = Field("http://127.0.0.1:8005", description="Notifications' API.")
    service_timeout_s: float = Field(10.0, gt=0, description="Longest wait for one answer of a service.")
    oidc_issuer: str | None = Field(
        None,
        description="The identity provider's issuer URL (its /.well-known/openid-configuration is read); "
        "unset: no OpenID Connect sign-in.",
    )
    oidc_client_id: str = Field("wir-web", description="This app's client at the identity provider.")
    oidc_client_secret: str | None = Field(
        None, description="Its secret; unset for a public client (PKCE only)."
    )

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> WebSettings:
        if self.env == "production" and self.session_secret == DEV_SESSION_SECRET:
            raise ValueError("WIR_WEB_SESSION_SECRET must be set in production")
        return self

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS wherever the app is served over HTTPS."""
        return self.public_url.startswith("https://")

    @property
    def dev_sign_in(self) -> bool:
        """Pick a district and role without an identity provider: local development only."""
        return self.env in ("local", "test")

    def service_url(self, service: str) -> str:
        url: str = getattr(self, f"{service}_url")
        return url.rstrip("/")
