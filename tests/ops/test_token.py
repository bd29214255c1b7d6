"""`wir token`: development tokens the services accept, never in production."""

from __future__ import annotations

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from typer.testing import CliRunner

from wir_kit.auth import Authenticator, Role
from wir_kit.settings import Settings
from wir_ops.cli import app

runner = CliRunner()


def test_token_is_accepted_by_the_services_authenticator() -> None:
    result = runner.invoke(
        app,
        ["token", "--district", "06431", "--role", "case_manager", "--role", "coordinator", "--sub", "cm-1"],
    )

    assert result.exit_code == 0, result.output
    principal = Authenticator(Settings(env="local")).verify(result.stdout.strip())
    assert principal.district == "06431"
    assert principal.roles == {Role.CASE_MANAGER, Role.COORDINATOR}
    assert principal.sub == "cm-1"


def test_token_is_alone_on_stdout_so_a_shell_can_capture_it() -> None:
    result = runner.invoke(app, ["token", "--district", "06412", "--role", "operator"])

    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1


def test_token_expires_after_the_given_hours() -> None:
    result = runner.invoke(app, ["token", "--district", "06431", "--role", "operator", "--ttl-hours", "0.5"])

    claims = jwt.decode(result.stdout.strip(), options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 1800


def test_token_is_refused_in_production_with_one_line() -> None:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    env = {
        "WIR_ENV": "production",
        "WIR_JWT_PUBLIC_KEY": pem.decode(),
        "WIR_DATABASE_APP_PASSWORD": "not-the-development-one",
    }

    result = runner.invoke(app, ["token", "--district", "06431", "--role", "operator"], env=env)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "production" in result.stderr


def test_unknown_district_is_refused() -> None:
    result = runner.invoke(app, ["token", "--district", "99999", "--role", "operator"])

    assert result.exit_code == 2
    assert "unknown district '99999'" in result.stderr
    assert result.stdout == ""


def test_unknown_role_is_refused_naming_the_known_ones() -> None:
    result = runner.invoke(app, ["token", "--district", "06431", "--role", "superuser"])

    assert result.exit_code == 2
    assert "case_manager" in result.stderr


def test_a_ttl_of_zero_hours_is_refused() -> None:
    result = runner.invoke(app, ["token", "--district", "06431", "--role", "operator", "--ttl-hours", "0"])

    assert result.exit_code == 2
    assert "--ttl-hours" in result.stderr
