"""Distances between Hessian municipalities, from the shipped Destatis centres."""

from __future__ import annotations

import pytest

from wir_contracts.districts import districts
from wir_contracts.places import centres, distance_km, name

HEPPENHEIM = "06431011"
BENSHEIM = "06431002"


def test_heppenheim_and_bensheim_are_about_five_km_apart() -> None:
    km = distance_km(HEPPENHEIM, BENSHEIM)
    assert km is not None and 3.5 < km < 6.5


def test_frankfurt_and_kassel_are_about_150_km_apart() -> None:
    km = distance_km("06412000", "06611000")
    assert km is not None and 135 < km < 160


def test_distance_is_symmetric_and_zero_within_a_municipality() -> None:
    there, back = distance_km("06412000", "06431011"), distance_km("06431011", "06412000")
    assert there == pytest.approx(back)
    assert distance_km("06431011", "06431011") == 0.0


@pytest.mark.parametrize("unknown", ["06999999", "07111000", "", "0643101"])
def test_unknown_municipality_has_no_distance(unknown: str) -> None:
    assert distance_km(unknown, "06431011") is None
    assert distance_km("06431011", unknown) is None


def test_every_district_has_its_municipalities() -> None:
    keys = centres().keys()
    for key in districts():
        if len(key) == 8:
            assert key in keys, key
        else:
            assert any(municipality.startswith(key) for municipality in keys), key


def test_hanau_is_keyed_as_the_kreisfreie_stadt_it_became_in_2026() -> None:
    assert "06415000" in centres()
    assert "06435014" not in centres()


def test_every_centre_is_a_hessian_key_inside_hesse() -> None:
    assert len(centres()) == 422
    for key, centre in centres().items():
        assert key.startswith("06") and len(key) == 8 and key.isdigit()
        assert 49.3 < centre.lat < 51.7 and 7.7 < centre.lon < 10.3, key


def test_names_are_the_official_ones() -> None:
    assert name(HEPPENHEIM) == "Heppenheim (Bergstraße)"
    assert name("06999999") is None
