"""The test harness's municipalities exist, so services' tests judge real distances."""

from __future__ import annotations

from wir_contracts.places import centres
from wir_kit.testing import districts as test_districts


def test_the_test_harness_municipalities_are_known() -> None:
    for key in (
        test_districts.BENSHEIM,
        test_districts.HEPPENHEIM,
        test_districts.GELNHAUSEN,
        test_districts.HANAU_TOWN,
    ):
        assert key in centres(), key
