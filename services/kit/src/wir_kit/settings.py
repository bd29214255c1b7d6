"""Typed settings, read from the environment once, in one object per process.

Every variable has a default that works against the local PostgreSQL and RabbitMQ, so that
`make run` needs no configuration; production refuses the defaults that are secrets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SIGNING_KEY = "wir-local-development-signing-key-never-use-in-production"
DEV_DB_PASSWORD = "wir-local-only"


class Settings(BaseSettings):
    """Configuration shared by every service; `WIR_` is the prefix of each variable."""

    model_config = SettingsConfigDict(env_prefix="WIR_", extra="ignore", frozen=True)

    env: Literal["local", "test", "production"] | None = Field(
        None,
        description="`production` refuses development keys and passwords; only an explicit "
        "`local` or `test` accepts the development signing key (and only with no IdP key).",
    )
    service: str = Field("kit", description="Service name; set by the service, not by hand.")
    db_schema: str | None = Field(None, description="Postgres schema; default: the service name.")

    database_admin_url: str = Field(
        "postgresql://postgres@127.0.0.1:5432/wir",
        description="Owner connection used only by migrations and the operator CLI.",
    )
    database_url: str | None = Field(
        None,
        description="The service's own login (no table ownership, no BYPASSRLS). "
        "Default: the admin URL with user `wir_<schema>` and WIR_DATABASE_APP_PASSWORD.",
    )
    database_app_password: str = Field(DEV_DB_PASSWORD, description="Password of `wir_<schema>`.")
    uses_database: bool = Field(
        True, description="False for a process with no database (the web app): no login of its own to check."
    )
    database_pool_max: int = Field(10, ge=1)
    database_relay_url: str | None = Field(
        None,
        description="The relay's own login `wir_<schema>_relay` (every district's outbox, nothing "
        "else). Default: the service's URL with that user and WIR_DATABASE_RELAY_PASSWORD.",
    )
    database_relay_password: str | None = Field(
        None, description="Password of `wir_<schema>_relay`; default: WIR_DATABASE_APP_PASSWORD."
    )
    database_statement_timeout_s: float = Field(
        30.0, gt=0, description="Longest statement of a service connection (`statement_timeout`)."
    )
    database_acquire_timeout_s: float = Field(
        10.0, gt=0, description="Longest wait for a pooled connection; then 503 with Retry-After."
    )
    migrate_on_start: bool = Field(
        True, description="Apply migrations at start; off where a migration job does it."
    )

    amqp_url: str = Field("amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ URL.")
    exchange: str = Field("wir.events", description="Topic exchange of all domain events.")
    queue_prefix: str = Field(
        "",
        pattern=r"^[a-z0-9_.-]*$",
        description="Prefix of every queue name, for installations (or tests) sharing a broker.",
    )
    queue_type: Literal["quorum", "classic"] = Field(
        "quorum",
        description=(
            "Type of every queue. Classic only for throwaway installations such as test runs: "
            "declaring and deleting thousands of quorum queues wears a single broker down, and "
            "classic queues have no delivery limit. Refused in production."
        ),
    )
    prefetch: int = Field(32, ge=1, description="Unacked deliveries per consumer channel.")
    delivery_limit: int = Field(
        10, ge=1, description="Broker-side redeliveries (crash loops) before dead-lettering."
    )
    retry_delays_ms: list[int] = Field(
        [1000, 5000, 30000],
        description="Back-off of transiently failing handlers; one more try than delays, then DLQ.",
    )
    graceful_timeout_s: float = Field(
        12.0,
        ge=0,
        description=(
            "At stop, in-flight HTTP requests get this long, then handlers, relay and pool share "
            "one more such period: a stop takes at most twice this (within Kubernetes' 30 s)."
        ),
    )
    broker_reconnect_s: float = Field(
        1.0, gt=0, description="Pause between attempts to reconnect to the broker after it went away."
    )
    broker_timeout_s: float = Field(
        30.0, gt=0, description="Longest wait for the broker's confirm of a published message."
    )
    dlq_ttl_ms: int = Field(
        14 * 24 * 3600 * 1000, ge=1, description="Dead letters (which hold personal data) expire after this."
    )
    dlq_max_length: int = Field(
        100_000, ge=1, description="Most dead letters per DLQ; when full, new ones wait in their queue."
    )
    unrouted_ttl_ms: int = Field(
        7 * 24 * 3600 * 1000, ge=1, description="Events no service consumes are kept this long."
    )
    unrouted_max_length: int = Field(
        10_000, ge=1, description="Most unrouted events kept; the oldest are dropped beyond."
    )
    settle_retry_s: float = Field(
        0.5, gt=0, description="First back-off when a retry or dead-letter copy cannot be published."
    )
    settle_patience_s: float = Field(
        60.0, gt=0, description="How long a delivery is held while its copy fails, before a requeue."
    )
    handler_timeout_s: float = Field(
        60.0, gt=0, description="A handler running longer is cancelled and retried like a failure."
    )
    handler_concurrency: int | None = Field(
        None, ge=1, description="Handlers running at once per process; default: WIR_DATABASE_POOL_MAX."
    )

    relay_batch_size: int = Field(200, ge=1)
    relay_lock_poll_s: float = Field(1.0, gt=0, description="How often a standby relay tries the lock.")
    relay_idle_poll_s: float = Field(5.0, gt=0, description="Safety poll when no NOTIFY arrives.")
    relay_linger_s: float = Field(
        0.05,
        ge=0,
        description="Least time between two batches that are not full: under load, the events of "
        "several transactions go out together (fewer statements, commits and confirms).",
    )
    relay_retry_s: float = Field(5.0, gt=0, description="First back-off of an unpublishable row.")
    outbox_retention_h: float = Field(168.0, gt=0, description="Published rows are kept this long.")
    relay_takeover_s: float = Field(
        60.0,
        gt=0,
        description="A relay whose connection goes silent this long (lost node, partition) loses "
        "the lock to a standby; more than WIR_RELAY_IDLE_POLL_S and WIR_BROKER_TIMEOUT_S.",
    )
    inbox_retention_h: float = Field(
        360.0, gt=0, description="Handled events are remembered this long, to drop redeliveries."
    )

    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=1, le=65535)

    jwt_secret: str = Field(DEV_SIGNING_KEY, description="HS256 key; refused in production.")
    jwt_public_key: str | None = Field(None, description="PEM key verifying RS256/ES256 tokens.")
    jwt_jwks_url: str | None = Field(None, description="JWKS endpoint verifying tokens.")
    jwt_audience: str = "wir"
    jwt_issuer: str = "wir-local"
    jwt_max_lifetime_s: int = Field(
        12 * 3600, gt=0, description="Longest accepted token lifetime (exp - iat), in seconds."
    )

    extra_districts_file: Path | None = Field(
        None, description="CSV (key,name,kind) of districts beyond the shipped Hessian ones."
    )

    log_level: str = "INFO"
    log_json: bool | None = Field(None, description="JSON lines; default: when not on a terminal.")

    @model_validator(mode="after")
    def _refuse_development_secrets(self) -> Settings:
        if self.env != "production":
            return self
        if self.queue_type != "quorum":
            raise ValueError("production needs quorum queues (WIR_QUEUE_TYPE)")
        if not (self.jwt_public_key or self.jwt_jwks_url):
            raise ValueError("production needs WIR_JWT_PUBLIC_KEY or WIR_JWT_JWKS_URL")
        if self.jwt_secret != DEV_SIGNING_KEY:
            raise ValueError("production verifies with a public key; unset WIR_JWT_SECRET")
        if self.uses_database and self.database_url is None and self.database_app_password == DEV_DB_PASSWORD:
            raise ValueError("production needs WIR_DATABASE_URL or WIR_DATABASE_APP_PASSWORD")
        return self

    @property
    def pg_schema(self) -> str:
        return self.db_schema or self.service

    @property
    def app_role(self) -> str:
        return f"wir_{self.pg_schema}"

    @property
    def app_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return with_user(self.database_admin_url, self.app_role, self.database_app_password)

    @property
    def relay_role(self) -> str:
        return f"wir_{self.pg_schema}_relay"

    @property
    def relay_password(self) -> str:
        return self.database_relay_password or self.database_app_password

    @property
    def relay_database_url(self) -> str:
        if self.database_relay_url:
            return self.database_relay_url
        return with_user(self.app_database_url, self.relay_role, self.relay_password)


def environ(settings: Settings) -> dict[str, str]:
    """The settings as `WIR_*` variables, for child processes that must share them."""
    env = {}
    for name, value in settings.model_dump(exclude_none=True).items():
        env[f"WIR_{name.upper()}"] = json.dumps(value) if isinstance(value, list | bool) else str(value)
    return env


def with_user(url: str, user: str, password: str | None) -> str:
    """The same database URL, logging in as another user."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    netloc = quote(user, safe="")
    if password:
        netloc += ":" + quote(password, safe="")
    netloc += "@" + host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
