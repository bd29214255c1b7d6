"""Where each role goes from the navigation, in the order shown."""

from __future__ import annotations

from wir_contracts.districts import districts
from wir_kit.auth import Role
from wir_web.session import User

_PLACES: tuple[tuple[str, str, frozenset[Role]], ...] = (
    ("/people", "nav.people", frozenset({Role.CASE_MANAGER, Role.COORDINATOR})),
    ("/people/new", "nav.register", frozenset({Role.CASE_MANAGER})),
    ("/matching", "nav.matching", frozenset({Role.COORDINATOR})),
    ("/interpreting", "nav.interpreting", frozenset({Role.COORDINATOR, Role.CASE_MANAGER})),
    ("/audit", "nav.audit", frozenset({Role.COORDINATOR})),
    ("/district", "nav.district", frozenset({Role.COORDINATOR})),
    ("/volunteer", "nav.volunteer", frozenset({Role.VOLUNTEER})),
    ("/interpreter", "nav.interpreter", frozenset({Role.INTERPRETER})),
)


def navigation(user: User) -> list[tuple[str, str]]:
    return [(href, key) for href, key, roles in _PLACES if user.principal.roles & roles]


def district_name(key: str) -> str:
    found = districts().get(key)
    return found.name if found is not None else key
