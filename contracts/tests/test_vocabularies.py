"""Languages, countries, CEFR levels and contact details: valid values, silent errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from wir_contracts.cefr import CefrLevel
from wir_contracts.contact import Contact
from wir_contracts.countries import CountryCode
from wir_contracts.languages import LanguageCode
from wir_contracts.parts import Part


class _Profile(Part):
    language: LanguageCode | None = None
    country: CountryCode | None = None
    level: CefrLevel | None = None


def _only_error(**fields: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        _Profile.model_validate(fields)
    errors = caught.value.errors(include_input=False)
    assert len(errors) == 1
    text = str(caught.value)
    assert "input_value" not in text
    return errors[0]["msg"], text


@pytest.mark.parametrize("code", ["deu", "prs", "pes", "apc", "ukr", "tir", "kmr", "ara"])
def test_iso_639_3_codes_are_accepted(code: str) -> None:
    assert _Profile(language=code).language == code


@pytest.mark.parametrize("code", ["de", "ger", "DEU", "xyz", "dari", "Farsi"])
def test_other_language_codes_are_rejected_without_echoing_them(code: str) -> None:
    message, text = _only_error(language=code)
    assert message == "not an ISO 639-3 language code"
    assert repr(code) not in text


@pytest.mark.parametrize("code", ["DE", "SY", "AF", "UA", "ER"])
def test_iso_3166_alpha_2_codes_are_accepted(code: str) -> None:
    assert _Profile(country=code).country == code


@pytest.mark.parametrize("code", ["sy", "SYR", "XX", "Syria"])
def test_other_country_codes_are_rejected_without_echoing_them(code: str) -> None:
    message, text = _only_error(country=code)
    assert message == "not an ISO 3166-1 alpha-2 country code"
    assert repr(code) not in text


def test_cefr_levels_run_from_a1_to_c2() -> None:
    assert [level.value for level in CefrLevel] == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert _Profile.model_validate({"level": "B1"}).level is CefrLevel.B1


@pytest.mark.parametrize("level", ["B3", "b1", "native"])
def test_other_levels_are_rejected_without_echoing_them(level: str) -> None:
    message, text = _only_error(level=level)
    assert "A1" in message
    assert repr(level) not in text


def test_a_channel_without_an_address_is_refused() -> None:
    with pytest.raises(ValidationError, match="sms channel needs a mobile number"):
        Contact.model_validate({"display_name": "Amina", "channels": ["sms"]})


def test_a_channel_listed_twice_is_refused() -> None:
    with pytest.raises(ValidationError, match="must not repeat"):
        Contact.model_validate({"display_name": "Amina", "channels": ["inbox", "inbox"]})


@pytest.mark.parametrize("mobile", ["015100000001", "+49 151 0000", "+0151000000"])
def test_a_mobile_number_must_be_e164(mobile: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Contact.model_validate({"display_name": "Amina", "mobile": mobile, "channels": ["sms"]})
    assert repr(mobile) not in str(caught.value)
    assert "input_value" not in str(caught.value)
