"""deploy/k8s: manifests that parse, and the five services and the web app as the platform
needs them.

The files are checked as written; where `kubectl` (with its built-in kustomize) is on the
PATH, the rendered output of `kubectl kustomize deploy/k8s` is checked too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"

SERVICES = {
    "intake": 8001,
    "competence": 8002,
    "matching": 8003,
    "interpreting": 8004,
    "notifications": 8005,
}
WEB = K8S / "web"
WEB_PORT = 8000

Doc = dict[str, Any]


def _documents(path: Path) -> list[Doc]:
    docs = [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]
    assert all(isinstance(doc, dict) for doc in docs), path
    return docs


def _manifests() -> Iterator[Path]:
    yield from sorted(p for p in K8S.rglob("*") if p.suffix in {".yaml", ".yml"})


def _kustomization(directory: Path) -> Doc:
    (doc,) = _documents(directory / "kustomization.yaml")
    return doc


def _one(path: Path, kind: str) -> Doc:
    (doc,) = [d for d in _documents(path) if d.get("kind") == kind]
    return doc


def _container(workload: Doc) -> Doc:
    """The one container of a Deployment's or a Job's pod."""
    (container,) = workload["spec"]["template"]["spec"]["containers"]
    assert isinstance(container, dict)
    return container


def _patches(service: str) -> dict[str, list[Doc]]:
    """The JSON patches of a service's overlay, by the kind they target."""
    patches = _kustomization(K8S / "services" / service)["patches"]
    return {p["target"]["kind"]: yaml.safe_load(p["patch"]) for p in patches}


@pytest.mark.parametrize("path", list(_manifests()), ids=lambda p: str(p.relative_to(K8S)))
def test_every_manifest_parses(path: Path) -> None:
    for doc in _documents(path):
        if "kind" in doc:  # kustomizeconfig.yaml is transformer configuration, not an object
            assert doc.get("apiVersion"), path
            assert doc["kind"] == "Kustomization" or doc["metadata"]["name"], path


def test_every_kustomization_lists_only_what_exists() -> None:
    for kustomization in K8S.rglob("kustomization.yaml"):
        for resource in _kustomization(kustomization.parent).get("resources", []):
            target = kustomization.parent / resource
            assert target.is_file() or (target / "kustomization.yaml").is_file(), (kustomization, resource)


def test_all_five_services_the_web_app_and_nothing_else_are_deployed() -> None:
    resources = _kustomization(K8S)["resources"]
    assert {r.removeprefix("services/") for r in resources if r.startswith("services/")} == set(SERVICES)
    assert {p.name for p in (K8S / "services").iterdir()} == set(SERVICES)
    assert "web" in resources


def test_the_example_secret_is_never_applied() -> None:
    assert "secret.example.yaml" not in _kustomization(K8S)["resources"]


def test_the_example_secret_holds_placeholders_only() -> None:
    secrets = {d["metadata"]["name"]: d["stringData"] for d in _documents(K8S / "secret.example.yaml")}
    keys = {key for data in secrets.values() for key in data}
    assert {"WIR_JWT_PUBLIC_KEY", "WIR_DATABASE_APP_PASSWORD", "WIR_DATABASE_ADMIN_URL"} <= keys
    assert secrets["wir-web"].keys() == {"WIR_WEB_SESSION_SECRET"}
    for data in secrets.values():
        for key, value in data.items():
            assert "EXAMPLE" in value, f"{key} must read as a placeholder"


def test_shared_configuration_is_production_and_holds_no_secret() -> None:
    config = _one(K8S / "config.yaml", "ConfigMap")["data"]
    assert config["WIR_ENV"] == "production"
    assert config["WIR_HTTP_HOST"] == "0.0.0.0"
    secret_keys = {"WIR_JWT_SECRET", "WIR_DATABASE_APP_PASSWORD", "WIR_AMQP_URL", "WIR_DATABASE_URL"}
    assert not secret_keys & set(config)
    assert ":" not in config["WIR_DATABASE_ADMIN_URL"].split("@")[0].removeprefix("postgresql://")


def test_a_service_has_probes_hardening_and_no_migrations_of_its_own() -> None:
    deployment = _one(K8S / "service" / "deployment.yaml", "Deployment")
    container = _container(deployment)
    assert deployment["spec"]["replicas"] == 2
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"name": "WIR_MIGRATE_ON_START", "value": "false"} in container["env"]
    sources = {next(iter(ref)): ref[next(iter(ref))]["name"] for ref in container["envFrom"]}
    assert sources == {"configMapRef": "wir-config", "secretRef": "wir-secrets"}
    assert container["resources"]["requests"] and container["resources"]["limits"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_each_overlay_runs_its_service_on_its_port(name: str, port: int) -> None:
    kustomization = _kustomization(K8S / "services" / name)
    assert kustomization["resources"] == ["../../service"]
    assert kustomization["nameSuffix"] == f"-{name}"
    patches = _patches(name)
    deployment = {p["path"]: p["value"] for p in patches["Deployment"]}
    assert deployment["/spec/template/spec/containers/0/args"] == ["serve", name, "--port", str(port)]
    assert deployment["/spec/template/spec/containers/0/ports/0/containerPort"] == port
    assert patches["Service"] == [{"op": "replace", "path": "/spec/ports/0/port", "value": port}]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_scales_on_its_work_queues_only(name: str) -> None:
    (patch,) = _patches(name)["ScaledObject"]
    assert patch["path"] == "/spec/triggers/0/metadata/queueName"
    pattern = re.compile(patch["value"])
    assert pattern.match(f"{name}.person_registered")
    assert not pattern.match(f"{name}.person_registered.dlq")
    assert not pattern.match(f"{name}.person_registered.retry.1")
    other = next(s for s in SERVICES if s != name)
    assert not pattern.match(f"{other}.person_registered")


def test_scaling_reads_queue_lengths_from_the_broker() -> None:
    scaled = _one(K8S / "service" / "scaledobject.yaml", "ScaledObject")
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["mode"] == "QueueLength"
    assert trigger["metadata"]["protocol"] == "http", "KEDA matches queue names by regex over HTTP only"
    assert trigger["metadata"]["useRegex"] == "true"
    assert scaled["spec"]["minReplicaCount"] == 2


def test_the_web_app_runs_its_own_module_hardened_and_without_a_scaler() -> None:
    kustomization = _kustomization(WEB)
    assert set(kustomization["resources"]) == {"config.yaml", "deployment.yaml", "service.yaml"}
    assert not any(d.get("kind") == "ScaledObject" for p in WEB.glob("*.yaml") for d in _documents(p))
    deployment = _one(WEB / "deployment.yaml", "Deployment")
    container = _container(deployment)
    assert container["command"] == ["python", "-m", "wir_web"]
    assert container["args"] == ["--port", str(WEB_PORT)]
    assert container["ports"] == [{"name": "http", "containerPort": WEB_PORT}]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert deployment["spec"]["replicas"] >= 2
    service = _one(WEB / "service.yaml", "Service")
    assert service["spec"]["ports"] == [{"name": "http", "port": WEB_PORT, "targetPort": "http"}]


def test_the_web_app_gets_its_session_key_and_the_token_key_but_no_service_credentials() -> None:
    container = _container(_one(WEB / "deployment.yaml", "Deployment"))
    sources = [(kind, ref["name"]) for entry in container["envFrom"] for kind, ref in entry.items()]
    assert sources == [
        ("configMapRef", "wir-config"),
        ("configMapRef", "wir-web-config"),
        ("secretRef", "wir-web"),
    ]
    (public_key,) = container["env"]
    assert public_key["name"] == "WIR_JWT_PUBLIC_KEY"
    assert public_key["valueFrom"]["secretKeyRef"] == {
        "name": "wir-secrets",
        "key": "WIR_JWT_PUBLIC_KEY",
        "optional": True,
    }


def test_the_web_app_calls_the_services_inside_the_cluster_and_signs_in_at_the_issuer() -> None:
    web = _one(WEB / "config.yaml", "ConfigMap")["data"]
    shared = _one(K8S / "config.yaml", "ConfigMap")["data"]
    for name, port in SERVICES.items():
        assert web[f"WIR_WEB_{name.upper()}_URL"] == f"http://wir-{name}:{port}"
    assert web["WIR_WEB_OIDC_ISSUER"] == shared["WIR_JWT_ISSUER"]
    assert web["WIR_WEB_OIDC_CLIENT_ID"] == "wir-web"
    assert web["WIR_WEB_PUBLIC_URL"].startswith("https://"), "secure cookies behind the ingress"
    assert "WIR_WEB_SESSION_SECRET" not in web
    # No database: the web app holds nothing but the session.
    assert not any(key.startswith("WIR_DATABASE") for key in web)


def test_the_engines_run_three_way_clusters() -> None:
    assert _one(K8S / "rabbitmq.yaml", "RabbitmqCluster")["spec"]["replicas"] == 3
    assert _one(K8S / "postgres.yaml", "Cluster")["spec"]["instances"] == 3


def test_the_migration_job_runs_wir_migrate_with_the_owner_login() -> None:
    container = _container(_one(K8S / "migrate-job.yaml", "Job"))
    assert container["args"] == ["migrate"]
    assert container["envFrom"][-1] == {"secretRef": {"name": "wir-migrate"}}


# --- the rendered platform, where kubectl (kustomize) is available ---------------------------


@cache
def _rendered() -> list[Doc]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: the rendered manifests are not checked")
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _rendered_kind(kind: str) -> dict[str, Doc]:
    return {doc["metadata"]["name"]: doc for doc in _rendered() if doc["kind"] == kind}


def test_rendered_deployments_run_each_service_with_probes() -> None:
    deployments = _rendered_kind("Deployment")
    assert set(deployments) == {f"wir-{name}" for name in [*SERVICES, "web"]}
    for name, port in SERVICES.items():
        deployment = deployments[f"wir-{name}"]
        container = _container(deployment)
        assert container["args"] == ["serve", name, "--port", str(port)]
        assert container["ports"] == [{"name": "http", "containerPort": port}]
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert labels["app.kubernetes.io/name"] == name
        assert deployment["metadata"]["namespace"] == "wir"


def test_rendered_services_select_their_own_pods_only() -> None:
    services = _rendered_kind("Service")
    assert set(services) == {f"wir-{name}" for name in [*SERVICES, "web"]}
    for name, port in {**SERVICES, "web": WEB_PORT}.items():
        spec = services[f"wir-{name}"]["spec"]
        assert spec["selector"]["app.kubernetes.io/name"] == name
        assert spec["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]


def test_rendered_web_app_runs_in_the_namespace_with_its_own_pods() -> None:
    web = _rendered_kind("Deployment")["wir-web"]
    container = _container(web)
    assert container["command"] == ["python", "-m", "wir_web"]
    assert web["metadata"]["namespace"] == "wir"
    labels = web["spec"]["template"]["metadata"]["labels"]
    assert web["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert labels["app.kubernetes.io/name"] == "web"
    assert "wir-web-config" in _rendered_kind("ConfigMap")


def test_rendered_scalers_target_their_deployments() -> None:
    scalers = _rendered_kind("ScaledObject")
    assert set(scalers) == {f"wir-{name}" for name in SERVICES}, "the web app reads no queue"
    for name in SERVICES:
        spec = scalers[f"wir-{name}"]["spec"]
        assert spec["scaleTargetRef"]["name"] == f"wir-{name}"
        assert spec["triggers"][0]["metadata"]["queueName"].startswith(f"^{name}\\.")


def test_rendered_job_and_services_share_one_image() -> None:
    images = {_container(d)["image"] for d in _rendered_kind("Deployment").values()}
    images.add(_container(_rendered_kind("Job")["wir-migrate"])["image"])
    assert len(images) == 1
