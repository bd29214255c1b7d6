"""The shipped ISCO-08 catalogue: all unit groups, each titled in German and English."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from wir_competence.domain.occupations import OccupationCode, catalogue, occupation, search


def test_the_catalogue_holds_all_436_unit_groups_of_isco_08() -> None:
    codes = catalogue()
    assert len(codes) == 436
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert {code[0] for code in codes} == set("0123456789")
    assert all(item.title_en and item.title_de for item in codes.values())


def test_an_occupation_has_its_german_and_english_title() -> None:
    baker = occupation("7512")
    assert baker.title("de") == "Bäcker, Konditoren und Süßwarenhersteller"
    assert baker.title("en") == "Bakers, pastry-cooks and confectionery makers"
    assert baker.title("ar") == baker.title_en


@pytest.mark.parametrize("code", ["9999", "751", "75120", "7 512", ""])
def test_codes_outside_the_catalogue_are_refused(code: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(OccupationCode).validate_python(code)


def test_search_finds_by_code_prefix_and_by_either_title() -> None:
    assert [item.code for item in search("751")][:2] == ["7511", "7512"]
    assert "2512" in [item.code for item in search("software")]
    assert "5120" in [item.code for item in search("köche")]
