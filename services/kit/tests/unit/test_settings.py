"""Settings: local defaults work as they are; production refuses the development secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import wir_contracts.districts
from wir_contracts.districts import districts
from wir_kit.districts import load_extra_districts
from wir_kit.settings import DEV_SIGNING_KEY, Settings, environ, with_user
from wir_kit.topology import dlq_arguments, queue_arguments, retry_queue_arguments


def test_local_defaults_need_no_configuration() -> None:
    settings = Settings(service="intake")
    assert settings.app_role == "wir_intake"
    assert settings.app_database_url.startswith("postgresql://wir_intake:")


def test_production_refuses_the_development_signing_key() -> None:
    with pytest.raises(ValidationError, match="WIR_JWT_PUBLIC_KEY"):
        Settings(env="production", database_url="postgresql://x@db/wir")


def test_production_refuses_an_hs256_secret_beside_a_public_key() -> None:
    with pytest.raises(ValidationError, match="unset WIR_JWT_SECRET"):
        Settings(
            env="production",
            jwt_public_key="-----BEGIN PUBLIC KEY-----",
            jwt_secret="something-else",
            database_url="postgresql://x@db/wir",
        )


def test_production_refuses_the_default_database_password() -> None:
    with pytest.raises(ValidationError, match="WIR_DATABASE_APP_PASSWORD"):
        Settings(env="production", jwt_public_key="-----BEGIN PUBLIC KEY-----")


def test_a_process_without_a_database_needs_no_database_password_in_production() -> None:
    settings = Settings(env="production", jwt_public_key="-----BEGIN PUBLIC KEY-----", uses_database=False)
    assert settings.database_url is None


def test_production_refuses_classic_queues() -> None:
    with pytest.raises(ValidationError, match="quorum"):
        Settings(
            env="production",
            jwt_public_key="-----BEGIN PUBLIC KEY-----",
            database_app_password="s3cret",
            queue_type="classic",
        )


def test_queues_are_quorum_queues_with_a_delivery_limit_unless_a_test_run_asks_otherwise() -> None:
    quorum, classic = Settings(), Settings(queue_type="classic")
    assert queue_arguments(quorum, "svc.q") == {
        "x-queue-type": "quorum",
        "x-delivery-limit": quorum.delivery_limit,
        "x-dead-letter-exchange": "wir.events.dlx",
        "x-dead-letter-routing-key": "svc.q.dlq",
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
    assert retry_queue_arguments(quorum, 100)["x-queue-type"] == "quorum"
    assert dlq_arguments(quorum) == {
        "x-queue-type": "quorum",
        "x-message-ttl": quorum.dlq_ttl_ms,
        "x-max-length": quorum.dlq_max_length,
        "x-overflow": "reject-publish",
    }
    assert queue_arguments(classic, "svc.q") == {
        "x-queue-type": "classic",
        "x-dead-letter-exchange": "wir.events.dlx",
        "x-dead-letter-routing-key": "svc.q.dlq",
    }
    assert retry_queue_arguments(classic, 100)["x-queue-type"] == "classic"


def test_production_with_its_own_keys_is_accepted() -> None:
    settings = Settings(
        env="production", jwt_public_key="-----BEGIN PUBLIC KEY-----", database_app_password="s3cret"
    )
    assert settings.jwt_secret == DEV_SIGNING_KEY  # present but never used for verification


def test_settings_survive_the_trip_through_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Settings(service="competence", retry_delays_ms=[10, 20], db_schema="comp", log_json=True)
    for name, value in environ(original).items():
        monkeypatch.setenv(name, value)
    assert Settings() == original


def test_database_user_is_replaced_and_quoted() -> None:
    url = with_user("postgresql://postgres@db.example:5433/wir?sslmode=require", "wir_intake", "p@ss/w")
    assert url == "postgresql://wir_intake:p%40ss%2Fw@db.example:5433/wir?sslmode=require"


def test_an_operators_districts_file_adds_districts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wir_contracts.districts, "_registry", {})  # a fresh registry, restored after
    extra = tmp_path / "districts.csv"
    extra.write_text(
        "# Rheinland-Pfalz, for a shared installation\nkey,name,kind\n07315,Mainz,kreisfreie_stadt\n"
    )
    assert load_extra_districts(Settings(extra_districts_file=extra)) == 1
    assert districts()["07315"].name == "Mainz"


def test_no_districts_file_adds_nothing() -> None:
    assert load_extra_districts(Settings()) == 0
