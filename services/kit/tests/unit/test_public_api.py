"""The kit's public API: what services may import from `wir_kit`. A name added is a promise;
a name removed breaks services, so changing this list is a decision, not a side effect."""

from __future__ import annotations

import wir_kit

PUBLIC = [
    "Answer",
    "BadLink",
    "Coordinator",
    "CurrentPrincipal",
    "Database",
    "Db",
    "Instant",
    "Job",
    "LinkClaim",
    "LinkExpired",
    "PermanentFailure",
    "Principal",
    "Resources",
    "Role",
    "RowClaim",
    "ServiceSpec",
    "Settings",
    "Staff",
    "Subscription",
    "Tx",
    "choice_form",
    "each_district",
    "every",
    "form_value",
    "get_logger",
    "invalid",
    "invalid_model",
    "link_notice",
    "link_page",
    "link_page_answer",
    "load_queries",
    "nap",
    "principal",
    "read_link",
    "refused",
    "require_roles",
    "settings_of",
    "shown",
    "sign_link",
]


def test_the_public_names_are_exactly_these() -> None:
    assert wir_kit.__all__ == PUBLIC


def test_every_public_name_is_importable_from_the_package() -> None:
    missing = [name for name in PUBLIC if getattr(wir_kit, name, None) is None]
    assert missing == []


def test_a_star_import_gives_the_public_names_only() -> None:
    namespace: dict[str, object] = {}
    exec("from wir_kit import *", namespace)
    assert sorted(name for name in namespace if not name.startswith("__")) == sorted(PUBLIC)
