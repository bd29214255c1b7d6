"""docker-compose.yml: valid Compose, and shaped the way the platform relies on it.

The file is validated against the Compose Specification's JSON Schema as the check-jsonschema
package ships it (a pinned dev dependency that tracks compose-spec/compose-spec), so the schema
is updated by bumping that pin.
Where `docker compose` or `docker-compose` can run, `config -q` checks the file as well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from wir_kit.auth import trusts_dev_key
from wir_kit.settings import Settings
from wir_web.settings import DEV_SESSION_SECRET, WebSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA_FILE = files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json")

SERVICES = {
    "intake": 8001,
    "competence": 8002,
    "matching": 8003,
    "interpreting": 8004,
    "notifications": 8005,
}
# `wir run` starts exactly these by name: `docker compose up -d postgres rabbitmq mailsink`.
INFRASTRUCTURE = ("postgres", "rabbitmq", "mailsink")
WEB_PORT = 8000
# Keycloak as browsers reach it (the token issuer) and as containers reach it.
KEYCLOAK_PUBLIC = "http://127.0.0.1:8080"
KEYCLOAK_INSIDE = "http://keycloak:8080"
REALM = "wir"

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, $NAME; `$$` is a literal dollar.
_VARIABLE = re.compile(r"\$\{(?P<braced>[^}]*)\}|\$(?P<bare>[A-Za-z_][A-Za-z0-9_]*)")
_WITH_DEFAULT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*):?-(?P<default>.*)$")


def _text_without_comments() -> str:
    lines = COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


def _with_defaults(text: str) -> str:
    """The file as Compose reads it when no variable is set and there is no .env file."""

    def substitute(match: re.Match[str]) -> str:
        braced = match.group("braced")
        default = _WITH_DEFAULT.match(braced or "")
        if default is None:
            raise AssertionError(f"{match.group(0)} has no default")
        return default.group("default")

    return _VARIABLE.sub(substitute, text.replace("$$", "\0")).replace("\0", "$")


@cache
def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(_with_defaults(COMPOSE_FILE.read_text(encoding="utf-8")))
    assert isinstance(loaded, dict)
    return loaded


def _service(name: str) -> dict[str, Any]:
    service = _compose()["services"][name]
    assert isinstance(service, dict)
    return service


def _environment(name: str) -> dict[str, str]:
    environment = _service(name).get("environment", {})
    assert isinstance(environment, dict), f"{name}: environment as a mapping, so it can be merged"
    return {key: str(value) for key, value in environment.items()}


def test_every_variable_has_a_default_so_no_env_file_is_needed() -> None:
    missing = [
        match.group(0)
        for match in _VARIABLE.finditer(_text_without_comments().replace("$$", ""))
        if not _WITH_DEFAULT.match(match.group("braced") or "")
    ]
    assert missing == []


def test_compose_file_follows_the_compose_specification() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(_compose())
    ]
    assert errors == []


def test_the_schema_rejects_what_compose_rejects() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    broken = {"services": {"intake": {"image": "x", "depends_on": {"migrate": {"condition": "done"}}}}}
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_only_the_infrastructure_the_migrations_the_five_services_keycloak_and_the_web_app_run() -> None:
    assert set(_compose()["services"]) == {*INFRASTRUCTURE, "migrate", *SERVICES, "keycloak", "web"}


@pytest.mark.parametrize("name", INFRASTRUCTURE)
def test_infrastructure_reports_its_health(name: str) -> None:
    test = _service(name)["healthcheck"]["test"]
    assert test and test[0] in {"CMD", "CMD-SHELL"}


def test_postgres_keeps_the_wir_database_in_a_volume() -> None:
    postgres = _service("postgres")
    assert postgres["image"] == "postgres:15"
    assert postgres["environment"]["POSTGRES_DB"] == "wir"
    assert postgres["environment"]["POSTGRES_PASSWORD"], "a local default password"
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_rabbitmq_loads_its_configuration_from_deploy() -> None:
    rabbitmq = _service("rabbitmq")
    assert rabbitmq["image"] == "rabbitmq:3.13-management"
    assert rabbitmq["healthcheck"]["test"] == ["CMD", "rabbitmq-diagnostics", "-q", "ping"]
    published = {port.split(":")[-1] for port in rabbitmq["ports"]}
    assert {"5672", "15672"} <= published
    sources = [v.split(":")[0] for v in rabbitmq["volumes"] if v.startswith("./")]
    assert {Path(s).name for s in sources} >= {"rabbitmq.conf", "enabled_plugins", "definitions.json"}
    for source in sources:
        assert (ROOT / source).is_file(), f"{source} is mounted but missing"


def test_mailsink_takes_smtp_and_shows_the_mail() -> None:
    mailsink = _service("mailsink")
    assert mailsink["image"].startswith("axllent/mailpit")
    published = {port.split(":")[-1] for port in mailsink["ports"]}
    assert {"1025", "8025"} <= published


def test_migrate_runs_once_when_database_and_broker_are_healthy() -> None:
    migrate = _service("migrate")
    assert "wir migrate && wir seed-demo" in " ".join(migrate["entrypoint"] + migrate["command"])
    assert migrate["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "rabbitmq": {"condition": "service_healthy"},
    }
    assert migrate["restart"] == "no"
    assert migrate["healthcheck"] == {"disable": True}


def test_only_migrate_knows_the_database_owners_password() -> None:
    password = _environment("postgres")["POSTGRES_PASSWORD"]
    assert f":{password}@postgres:5432/wir" in _environment("migrate")["WIR_DATABASE_ADMIN_URL"]
    for name in [*SERVICES, "web", "keycloak"]:
        assert password not in " ".join(_environment(name).values())


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_each_service_serves_on_its_own_port(name: str, port: int) -> None:
    service = _service(name)
    assert service["command"] == ["serve", name, "--port", str(port)]
    assert _environment(name)["WIR_HTTP_PORT"] == str(port)
    assert f"127.0.0.1:{port}:{port}" in service["ports"]
    assert "/healthz" in " ".join(service["healthcheck"]["test"])


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_starts_after_the_migrations_succeeded(name: str) -> None:
    depends_on = _service(name)["depends_on"]
    assert depends_on["migrate"] == {"condition": "service_completed_successfully"}


@pytest.mark.parametrize("name", [*SERVICES, "migrate"])
def test_each_wir_container_shares_the_wir_environment(name: str) -> None:
    shared = {key: str(value) for key, value in _compose()["x-wir-env"].items()}
    own = _environment(name)
    differing = {key for key in shared if own.get(key) != shared[key]}
    # migrate alone gets the owner's URL; every other shared setting is the same everywhere.
    assert differing <= ({"WIR_DATABASE_ADMIN_URL"} if name == "migrate" else set())


def test_the_shared_environment_suits_containers_started_by_a_migration_job() -> None:
    shared = _compose()["x-wir-env"]
    assert shared["WIR_MIGRATE_ON_START"] == "false"
    assert shared["WIR_HTTP_HOST"] == "0.0.0.0"
    assert shared["WIR_AMQP_URL"].endswith("@rabbitmq:5672/")
    assert "@postgres:5432/wir" in shared["WIR_DATABASE_ADMIN_URL"]


def test_keycloak_imports_the_wir_realm_and_serves_it_on_its_own_port() -> None:
    keycloak = _service("keycloak")
    assert re.fullmatch(r"quay\.io/keycloak/keycloak:26\.\d+\.\d+", keycloak["image"]), "a pinned 26.x"
    assert keycloak["command"] == ["start-dev", "--import-realm"]
    assert "127.0.0.1:8080:8080" in keycloak["ports"]
    mounts = {v.split(":")[0]: v.split(":")[1] for v in keycloak["volumes"]}
    assert mounts == {"./deploy/keycloak/wir-realm.json": "/opt/keycloak/data/import/wir-realm.json"}
    assert (ROOT / "deploy/keycloak/wir-realm.json").is_file()
    assert keycloak["volumes"][0].endswith(":ro")
    assert "/health/ready" in " ".join(keycloak["healthcheck"]["test"])


def test_keycloak_issues_tokens_for_the_browsers_address_and_answers_containers_at_its_own() -> None:
    environment = _environment("keycloak")
    assert environment["KC_HOSTNAME"] == KEYCLOAK_PUBLIC
    assert environment["KC_HOSTNAME_BACKCHANNEL_DYNAMIC"] == "true", "keys and tokens via keycloak:8080"
    assert environment["KC_HEALTH_ENABLED"] == "true", "the health check asks /health/ready"
    assert environment["KC_BOOTSTRAP_ADMIN_PASSWORD"]


@pytest.mark.parametrize("name", [*SERVICES, "web"])
def test_the_services_and_the_web_app_verify_keycloaks_tokens(name: str) -> None:
    environment = _environment(name)
    certs = f"{KEYCLOAK_INSIDE}/realms/{REALM}/protocol/openid-connect/certs"
    assert environment["WIR_JWT_JWKS_URL"] == certs
    assert environment["WIR_JWT_ISSUER"] == f"{KEYCLOAK_PUBLIC}/realms/{REALM}"
    assert environment["WIR_JWT_AUDIENCE"] == "wir"
    settings = Settings(**_kit_fields(environment))
    assert not trusts_dev_key(settings), "beside an identity provider's key, development tokens are refused"


def _kit_fields(environment: dict[str, str]) -> dict[str, str]:
    wir = {key: value for key, value in environment.items() if key.startswith("WIR_")}
    return {key.removeprefix("WIR_").lower(): value for key, value in wir.items()}


def test_the_web_app_serves_on_its_port_from_the_platform_image() -> None:
    web = _service("web")
    assert web["image"] == _service("intake")["image"]
    assert web["entrypoint"] == ["python", "-m", "wir_web"]
    assert web["command"] == ["--port", str(WEB_PORT)]
    assert f"127.0.0.1:{WEB_PORT}:{WEB_PORT}" in web["ports"]
    assert _environment("web")["WIR_HTTP_PORT"] == str(WEB_PORT)
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"]["keycloak"] == {"condition": "service_healthy"}


def test_the_web_app_calls_the_service_containers_and_signs_in_at_keycloak() -> None:
    environment = _environment("web")
    for name, port in SERVICES.items():
        assert environment[f"WIR_WEB_{name.upper()}_URL"] == f"http://{name}:{port}"
    assert environment["WIR_WEB_OIDC_ISSUER"] == f"{KEYCLOAK_INSIDE}/realms/{REALM}"
    assert environment["WIR_WEB_OIDC_CLIENT_ID"] == "wir-web"
    assert environment["WIR_WEB_PUBLIC_URL"] == f"http://127.0.0.1:{WEB_PORT}"
    # No WIR_ENV: the development sign-in is off (its tokens would be refused here anyway).
    assert "WIR_ENV" not in environment


def test_the_web_apps_environment_is_what_its_settings_accept(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in _environment("web").items():
        monkeypatch.setenv(key, value)
    web = WebSettings()
    assert not web.dev_sign_in
    assert web.session_secret != DEV_SESSION_SECRET
    assert web.oidc_issuer and web.service_url("intake") == "http://intake:8001"


def test_the_header_says_that_development_tokens_are_refused() -> None:
    header = COMPOSE_FILE.read_text(encoding="utf-8").split("\n\n")[0]
    assert "refuses development" in " ".join(line.lstrip("# ") for line in header.splitlines())


def _compose_cli() -> list[str] | None:
    candidates = []
    if docker := shutil.which("docker"):
        candidates.append([docker, "compose"])
    if legacy := shutil.which("docker-compose"):
        candidates.append([legacy])
    for command in candidates:
        probe = subprocess.run([*command, "version"], capture_output=True, timeout=60, check=False)
        if probe.returncode == 0:
            return command
    return None


def test_compose_itself_accepts_the_file() -> None:
    command = _compose_cli()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` runs here (the schema test still ran)")
    # As on a machine with no .env and nothing exported: the defaults must carry.
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WIR_", "POSTGRES_", "COMPOSE_"))
    }
    result = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "config", "-q"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
