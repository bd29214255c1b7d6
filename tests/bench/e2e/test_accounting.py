"""Charging a phase: CPU deltas per row and per service a PostgreSQL backend serves."""

from __future__ import annotations

from .accounting import Sample, cost, service_of


def test_a_backend_that_started_during_the_phase_is_charged_all_its_time() -> None:
    before = Sample(
        cpu={"intake": 100.0, "postgres": 1000.0, "bench": 2.0},
        backends={7: ("intake", 300.0)},
        machine=5000.0,
    )
    after = Sample(
        cpu={"intake": 160.0, "postgres": 1100.0, "bench": 7.0},
        backends={7: ("intake", 340.0), 8: ("notifications", 25.0)},
        machine=5300.0,
    )
    charged = cost(before, after)
    assert charged.cpu == {"intake": 60.0, "postgres": 100.0, "bench": 5.0}
    assert charged.postgres == {"intake": 40.0, "notifications": 25.0, "other": 35.0}
    assert charged.total == 165.0
    assert charged.platform == 160.0
    assert charged.machine == 300.0


def test_backends_are_named_for_the_service_they_serve() -> None:
    assert service_of("wir-intake") == "intake"
    assert service_of("wir-intake-relay") == "intake"
    assert service_of("wir-bench") == "bench"
    assert service_of("psql") == "other"
    assert service_of("") == "other"
