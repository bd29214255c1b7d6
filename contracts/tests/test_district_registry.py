"""The district registry: the 33 Hessian districts, today's keys, operators' additions."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

import wir_contracts.districts
from wir_contracts.districts import (
    District,
    DistrictCode,
    DistrictConflict,
    DistrictKind,
    UnknownDistrict,
    district,
    districts,
    register_districts,
)
from wir_contracts.municipalities import lies_in


class _Addressed(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)
    district: DistrictCode


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry of the shipped districts only, thrown away after the test."""
    monkeypatch.setattr(wir_contracts.districts, "_registry", {})


def test_the_33_hessian_districts_are_shipped() -> None:
    assert len(districts()) == 33
    assert Counter(item.kind for item in districts().values()) == {
        DistrictKind.LANDKREIS: 21,
        DistrictKind.KREISFREIE_STADT: 6,
        DistrictKind.SONDERSTATUSSTADT: 6,
    }


def test_hanau_is_a_kreisfreie_stadt_under_its_own_key_since_2026() -> None:
    hanau = district("06415")
    assert (hanau.name, hanau.kind) == ("Hanau", DistrictKind.KREISFREIE_STADT)
    assert "06435014" not in districts()  # its key as a Sonderstatusstadt until 2025
    assert district("06435").name == "Main-Kinzig-Kreis"


def test_keys_have_5_digits_for_kreise_and_cities_and_8_for_sonderstatusstaedte() -> None:
    for key, item in districts().items():
        assert key.startswith("06")
        assert len(key) == (8 if item.kind is DistrictKind.SONDERSTATUSSTADT else 5)


def test_every_sonderstatusstadt_lies_in_a_shipped_landkreis() -> None:
    cities = [item for item in districts().values() if item.kind is DistrictKind.SONDERSTATUSSTADT]
    assert all(district(city.key[:5]).kind is DistrictKind.LANDKREIS for city in cities)


def test_a_known_district_code_is_accepted() -> None:
    assert _Addressed(district="06431").district == "06431"


@pytest.mark.parametrize("code", ["06499", "06435014", "6431", "0643l", "064310000", ""])
def test_an_unknown_district_code_is_rejected_without_echoing_it(code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Addressed(district=code)
    error = caught.value.errors()[0]
    assert error["msg"] == "not a registered district key (AGS of 5 or 8 digits)"
    assert repr(code) not in str(caught.value)
    assert "input_value" not in str(caught.value)


def test_looking_up_an_unknown_key_raises() -> None:
    with pytest.raises(UnknownDistrict):
        district("06499")


@pytest.mark.usefixtures("fresh_registry")
def test_a_registered_extra_district_is_accepted() -> None:
    register_districts([District(key="07315", name="Mainz", kind=DistrictKind.KREISFREIE_STADT)])
    assert _Addressed(district="07315").district == "07315"
    assert len(districts()) == 34


@pytest.mark.usefixtures("fresh_registry")
def test_registering_a_district_again_changes_nothing() -> None:
    hanau = district("06415")
    register_districts([hanau, hanau])
    assert len(districts()) == 33


@pytest.mark.usefixtures("fresh_registry")
def test_registering_a_known_key_as_another_district_is_refused() -> None:
    with pytest.raises(DistrictConflict):
        register_districts([District(key="06415", name="Hanau", kind=DistrictKind.SONDERSTATUSSTADT)])
    assert district("06415").kind is DistrictKind.KREISFREIE_STADT


def test_a_district_key_must_have_5_or_8_digits() -> None:
    with pytest.raises(ValidationError):
        District(key="064", name="Nowhere", kind=DistrictKind.LANDKREIS)


def test_the_registry_cannot_be_changed_through_its_view() -> None:
    view = districts()
    with pytest.raises(TypeError):
        # The write the type checker rightly forbids is the one this test makes on purpose.
        view["06499"] = district("06431")  # type: ignore[index]


@pytest.mark.parametrize(
    ("municipality", "key", "inside"),
    [
        ("06431011", "06431", True),  # Heppenheim in Kreis Bergstraße
        ("06415000", "06415", True),  # Hanau, kreisfrei
        ("06531005", "06531005", True),  # Gießen, a Sonderstatusstadt, is its own district
        ("06531005", "06531", True),
        ("06435014", "06415", False),
        ("06531006", "06531005", False),
    ],
)
def test_a_municipality_lies_in_a_district_by_its_key(municipality: str, key: str, inside: bool) -> None:
    assert lies_in(municipality, key) is inside
