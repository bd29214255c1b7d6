"""The public names the services build on; changing them is a deliberate act."""

from __future__ import annotations

import importlib

import pytest

PUBLIC = {
    "wir_contracts.envelope": {"ANY_PRODUCER", "CorrelationId", "Event", "tolerant"},
    "wir_contracts.districts": {
        "AGS_PATTERN",
        "District",
        "DistrictCode",
        "DistrictConflict",
        "DistrictKind",
        "UnknownDistrict",
        "district",
        "districts",
        "parse_districts_csv",
        "register_districts",
    },
    "wir_contracts.municipalities": {"MunicipalityKey", "lies_in"},
    "wir_contracts.languages": {"LanguageCode"},
    "wir_contracts.countries": {"CountryCode"},
    "wir_contracts.cefr": {"CefrLevel"},
    "wir_contracts.consent": {"ConsentPurpose"},
    "wir_contracts.channels": {"Channel"},
    "wir_contracts.needs": {"MentoringTopic", "NeedKind", "NeedUrgency"},
    "wir_contracts.gender": {"Gender"},
    "wir_contracts.contact": {"Contact", "DisplayName", "EmailAddress", "PhoneNumber"},
    "wir_contracts.services": {"Service"},
    "wir_contracts.ordering": {"AggregateVersion"},
    "wir_contracts.parts": {"Part"},
    "wir_contracts.catalog": {"ALL_EVENTS", "CONSUMERS", "consumed_by"},
    "wir_contracts.compat": {"breaking_changes"},
    "wir_contracts.snapshots": {
        "COMMON_FOLDER",
        "example_payloads",
        "render_examples",
        "render_schemas",
        "snapshot_path",
    },
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_the_public_api_is_unchanged(module: str) -> None:
    assert set(importlib.import_module(module).__all__) == PUBLIC[module]


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_every_public_name_exists(module: str) -> None:
    loaded = importlib.import_module(module)
    assert [name for name in loaded.__all__ if not hasattr(loaded, name)] == []
