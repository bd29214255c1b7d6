"""Which port each service of `wir run` gets, and clear errors for ports that cannot work."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from wir_kit.service import ServiceSpec
from wir_ops.cli import app
from wir_ops.commands import run_ports

INTAKE = ServiceSpec(name="intake", port=8001)
MATCHING = ServiceSpec(name="matching", port=8003)
EXTRA = ServiceSpec(name="reporting-v2", port=8010)


def test_overrides_parse_service_equals_port() -> None:
    assert run_ports.parse_overrides(["intake=9001", " matching = 9003 "]) == {
        "intake": 9001,
        "matching": 9003,
    }


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("intake", "expected SERVICE=PORT"),
        ("=9001", "expected SERVICE=PORT"),
        ("intake=abc", "'abc' is not a port number"),
        ("intake=0", "'0' is not a port number"),
        ("intake=70000", "'70000' is not a port number"),
    ],
)
def test_bad_overrides_say_what_is_wrong(value: str, complaint: str) -> None:
    with pytest.raises(run_ports.PortError, match=complaint):
        run_ports.parse_overrides([value])


def test_a_flag_beats_the_environment_which_beats_the_plan() -> None:
    environ = {"WIR_PORT_MATCHING": "9103", "WIR_PORT_INTAKE": "9101"}

    planned = run_ports.plan([INTAKE, MATCHING, EXTRA], {"intake": 9001}, environ)

    assert planned == {"intake": 9001, "matching": 9103, "reporting-v2": 8010}


def test_the_environment_variable_of_a_hyphenated_service_uses_underscores() -> None:
    assert run_ports.plan([EXTRA], {}, {"WIR_PORT_REPORTING_V2": "9010"}) == {"reporting-v2": 9010}


def test_a_bad_environment_port_names_its_variable() -> None:
    with pytest.raises(run_ports.PortError, match="WIR_PORT_INTAKE: 'x' is not a port"):
        run_ports.plan([INTAKE], {}, {"WIR_PORT_INTAKE": "x"})


def test_two_services_on_one_port_are_refused() -> None:
    with pytest.raises(run_ports.PortError, match="intake and matching would both listen on port 8001"):
        run_ports.plan([INTAKE, MATCHING], {"matching": 8001}, {})


def test_an_override_for_a_service_not_run_is_refused() -> None:
    with pytest.raises(run_ports.PortError, match="no service to run: interpreting"):
        run_ports.plan([INTAKE], {"interpreting": 9004}, {})


def test_a_service_without_any_port_must_be_given_one() -> None:
    with pytest.raises(run_ports.PortError, match="pass --port adhoc=PORT"):
        run_ports.plan([ServiceSpec(name="adhoc", port=0)], {}, {})


def test_a_malformed_port_flag_is_a_usage_error_of_wir_run() -> None:
    result = CliRunner().invoke(app, ["run", "--port", "intake:9001"])

    assert result.exit_code == 2
    assert "Invalid value for '--port'" in result.stderr
    assert "expected SERVICE=PORT" in result.stderr
