"""`wir run` and the web app: started beside the services, told where each of them answers."""

from __future__ import annotations

import pytest

from wir_ops.commands import run_ports, run_web


def test_the_web_app_runs_with_every_service_or_when_named() -> None:
    assert run_web.installed()
    assert run_web.wanted(None)
    assert run_web.wanted(["intake", "web"])
    assert not run_web.wanted(["intake"])


def test_its_port_is_the_override_else_the_variable_else_8000() -> None:
    assert run_web.port({}, {}, {}) == 8000
    assert run_web.port({}, {"WIR_PORT_WEB": "9100"}, {}) == 9100
    assert run_web.port({"web": 9200}, {"WIR_PORT_WEB": "9100"}, {}) == 9200


def test_a_port_a_service_has_taken_is_refused() -> None:
    with pytest.raises(run_ports.PortError, match="intake and web would both listen on port 8001"):
        run_web.port({"web": 8001}, {}, {"intake": 8001})


def test_the_child_is_told_each_services_address_and_its_own() -> None:
    child = run_web.child(8000, "127.0.0.1", {"intake": "http://127.0.0.1:9001"})
    assert child.env == {
        "WIR_WEB_INTAKE_URL": "http://127.0.0.1:9001",
        "WIR_WEB_PUBLIC_URL": "http://127.0.0.1:8000",
    }
    assert child.argv[1:] == ["-m", "wir_web", "--port", "8000"]
    assert child.ready_url == "http://127.0.0.1:8000/readyz"


def test_competence_and_notifications_link_to_the_web_apps_pages_unless_told_otherwise() -> None:
    web = "http://127.0.0.1:8000"
    assert run_web.service_env("competence", web, {}) == {"WIR_COMPETENCE_PUBLIC_URL": web}
    assert run_web.service_env("competence", web, {"WIR_COMPETENCE_PUBLIC_URL": "https://x"}) == {}
    assert run_web.service_env("competence", None, {}) == {}
    assert run_web.service_env("notifications", web, {}) == {"WIR_NOTIFICATIONS_WEB_URL": web}
    assert run_web.service_env("intake", web, {}) == {}
