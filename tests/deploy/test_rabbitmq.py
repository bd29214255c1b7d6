"""deploy/rabbitmq: the topology for pre-provisioning, and the broker configuration."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
RABBITMQ = ROOT / "deploy" / "rabbitmq"


def _json(name: str) -> dict[str, Any]:
    loaded = json.loads((RABBITMQ / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _conf() -> dict[str, str]:
    settings = {}
    for line in (RABBITMQ / "rabbitmq.conf").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


def _compose_rabbitmq() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["rabbitmq"]
    assert isinstance(service, dict)
    return service


def test_definitions_declare_the_event_exchange_and_its_dead_letter_exchange() -> None:
    definitions = _json("definitions.json")
    exchanges = {e["name"]: e for e in definitions["exchanges"]}
    assert exchanges["wir.events"]["type"] == "topic"
    assert exchanges["wir.events.dlx"]["type"] == "direct"
    for exchange in exchanges.values():
        assert exchange["durable"] is True
        assert exchange["auto_delete"] is False
        assert exchange["vhost"] in {v["name"] for v in definitions["vhosts"]}


def test_definitions_leave_queues_to_the_services_and_set_no_policy() -> None:
    definitions = _json("definitions.json")
    assert definitions.get("policies", []) == []
    assert definitions.get("queues", []) == []
    assert "users" not in definitions, "no credentials in the topology operators import"


def test_management_and_prometheus_plugins_are_enabled() -> None:
    text = (RABBITMQ / "enabled_plugins").read_text(encoding="utf-8").strip()
    assert text.startswith("[") and text.endswith("].")
    plugins = {p.strip() for p in text.removeprefix("[").removesuffix("].").split(",")}
    assert {"rabbitmq_management", "rabbitmq_prometheus"} <= plugins


def test_the_broker_imports_the_definitions_compose_mounts() -> None:
    directory = _conf()["definitions.local.path"]
    mounts = {target: source for source, target, *_ in (v.split(":") for v in _compose_rabbitmq()["volumes"])}
    imported = {Path(source).name for target, source in mounts.items() if target.startswith(f"{directory}/")}
    assert imported == {"definitions.json", "local-users.json"}


def test_the_local_user_is_the_one_the_services_log_in_as() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    url = urlsplit(compose["x-wir-env"]["WIR_AMQP_URL"])
    (user,) = _json("local-users.json")["users"]
    assert user["name"] == url.username
    assert user["hashing_algorithm"] == "rabbit_password_hashing_sha256"
    # RabbitMQ's format: base64(salt[4] + sha256(salt[4] + password)).
    stored = base64.b64decode(user["password_hash"])
    salt, digest = stored[:4], stored[4:]
    assert digest == hashlib.sha256(salt + (url.password or "").encode()).digest()
