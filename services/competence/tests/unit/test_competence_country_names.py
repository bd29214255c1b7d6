"""Countries are printed in the reader's language: ISO 3166 catalogues first, CLDR for their gaps."""

from __future__ import annotations

import gettext
import json
from datetime import UTC, date, datetime
from importlib.resources import files
from uuid import uuid4

import pycountry
import pytest

from wir_competence.demo import sample_entries
from wir_competence.domain.document import Issue, compose
from wir_competence.domain.entries import ENTRY, Kind
from wir_competence.domain.labels import labels
from wir_competence.domain.record import Record, StoredEntry

TURKIYE = {"ar": "تركيا", "fa": "ترکیه", "ps": "ترکي", "uk": "Туреччина", "tr": "Türkiye", "de": "Türkei"}


def right_column_of_work_in(country: str, locale: str) -> list[str]:
    now = datetime.now(UTC)
    work = ENTRY.validate_python(sample_entries()[Kind.WORK] | {"country": country})
    record = Record(uuid4(), 1, "arb", (StoredEntry(uuid4(), work, "cm-1", now, "cm-1", now),))
    document = compose(record, Issue("Kreis Bergstraße", date(2026, 12, 6)), labels("de"), labels(locale))
    return [pair.right for section in document.sections for entry in section.entries for pair in entry]


@pytest.mark.parametrize(("locale", "name"), TURKIYE.items())
def test_turkiye_is_named_in_the_readers_column(locale: str, name: str) -> None:
    assert f"{labels(locale).field('country')}: {name}" in right_column_of_work_in("TR", locale)


@pytest.mark.parametrize(
    ("locale", "name"),
    [("ar", "الجمهوريّة العربيّة السّوريّة"), ("uk", "Сирія"), ("tr", "Suriye"), ("fa", "سوریه")],
)
def test_syria_is_named_in_the_readers_column(locale: str, name: str) -> None:
    assert any(line.endswith(f": {name}") or name in line for line in right_column_of_work_in("SY", locale))


@pytest.mark.parametrize("locale", ["ar", "fa", "ps", "uk"])
def test_no_country_is_left_in_english_in_a_language_of_another_script(locale: str) -> None:
    english = [
        country.alpha_2
        for country in pycountry.countries
        if labels(locale).country(country.alpha_2)
        in {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
    ]
    assert english == []


def test_the_added_names_fill_only_gaps_of_the_iso_catalogues() -> None:
    """When pycountry's catalogues gain a name, the CLDR addition for it goes."""
    added = json.loads(files("wir_competence.domain").joinpath("data/country_names.json").read_text("utf-8"))
    translated = []
    for locale, names in added.items():
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)
        for alpha_2 in names:
            country = pycountry.countries.get(alpha_2=alpha_2)
            candidates = {getattr(country, "common_name", None), country.name} - {None}
            translated += [(locale, alpha_2) for name in candidates if catalogue.gettext(name) != name]
    assert translated == []
