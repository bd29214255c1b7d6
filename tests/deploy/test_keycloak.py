"""deploy/keycloak/wir-realm.json: the realm `wir` that docker compose imports into Keycloak,
checked against what the kit requires of a token and what the web app registers as its client.

Keycloak itself does not run here: these are the realm file's own promises, read as JSON.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from wir_contracts.districts import districts
from wir_kit.auth import Role
from wir_kit.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
REALM_FILE = ROOT / "deploy" / "keycloak" / "wir-realm.json"
WEB_ROLES = {Role.CASE_MANAGER, Role.COORDINATOR, Role.VOLUNTEER, Role.INTERPRETER}
DEMO_DISTRICTS = {"06431", "06415"}  # Kreis Bergstraße, Hanau

Doc = dict[str, Any]


@cache
def _realm() -> Doc:
    realm = json.loads(REALM_FILE.read_text(encoding="utf-8"))
    assert isinstance(realm, dict)
    return realm


def _client() -> Doc:
    (client,) = [c for c in _realm()["clients"] if c["clientId"] == "wir-web"]
    assert isinstance(client, dict)
    return client


def _mapper(kind: str) -> dict[str, str]:
    (mapper,) = [m for m in _client()["protocolMappers"] if m["protocolMapper"] == kind]
    assert mapper["protocol"] == "openid-connect"
    config = mapper["config"]
    assert isinstance(config, dict)
    return config


def _user_profile() -> Doc:
    (provider,) = _realm()["components"]["org.keycloak.userprofile.UserProfileProvider"]
    assert provider["providerId"] == "declarative-user-profile"
    (config,) = provider["config"]["kc.user.profile.config"]
    profile = json.loads(config)
    assert isinstance(profile, dict)
    return profile


def _web_public_url() -> str:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    url = compose["services"]["web"]["environment"]["WIR_WEB_PUBLIC_URL"]
    assert isinstance(url, str)
    return url


def test_the_realm_is_wir_with_the_roles_the_web_app_knows() -> None:
    realm = _realm()
    assert realm["realm"] == "wir" and realm["enabled"] is True
    names = {role["name"] for role in realm["roles"]["realm"]}
    assert names == {role.value for role in WEB_ROLES}
    assert realm["registrationAllowed"] is False, "accounts are given, not taken"


def test_the_web_client_is_public_with_the_authorization_code_flow_and_pkce_s256_only() -> None:
    client = _client()
    assert client["publicClient"] is True
    assert client["standardFlowEnabled"] is True
    assert client["implicitFlowEnabled"] is False
    assert client["directAccessGrantsEnabled"] is False, "no passwords through the app"
    assert client["serviceAccountsEnabled"] is False
    assert client["attributes"]["pkce.code.challenge.method"] == "S256"


def test_the_web_client_returns_only_to_the_web_apps_callback_and_sign_in() -> None:
    client, web = _client(), _web_public_url()
    assert client["redirectUris"] == [f"{web}/auth/callback"]
    assert client["attributes"]["post.logout.redirect.uris"] == f"{web}/signin"
    assert client["webOrigins"] == [web]


def test_the_access_token_carries_the_district_as_one_string() -> None:
    config = _mapper("oidc-usermodel-attribute-mapper")
    assert config["user.attribute"] == "district"
    assert config["claim.name"] == "district"
    assert config["jsonType.label"] == "String"
    assert config["multivalued"] == "false"
    assert config["access.token.claim"] == "true"


def test_the_access_token_carries_the_realm_roles_as_a_list() -> None:
    config = _mapper("oidc-usermodel-realm-role-mapper")
    assert config["claim.name"] == "roles"
    assert config["multivalued"] == "true"
    assert config["access.token.claim"] == "true"
    assert _client()["fullScopeAllowed"] is True, "otherwise only roles in the client's scope appear"


def test_the_access_token_is_for_the_audience_the_services_require() -> None:
    config = _mapper("oidc-audience-mapper")
    assert config["included.custom.audience"] == Settings().jwt_audience == "wir"
    assert config["access.token.claim"] == "true"


def test_the_access_token_carries_a_subject() -> None:
    # Since Keycloak 25 `sub` comes from the built-in client scope `basic`. Keycloak creates the
    # built-in scopes on import only when the realm declares none of its own.
    assert "clientScopes" not in _realm()
    assert "basic" in _client()["defaultClientScopes"]


def test_tokens_live_no_longer_than_the_kit_accepts() -> None:
    realm, limit = _realm(), Settings().jwt_max_lifetime_s
    assert 0 < realm["accessTokenLifespan"] <= limit
    assert int(_client()["attributes"].get("access.token.lifespan", 0)) <= limit


def test_the_district_is_a_declared_attribute_only_administrators_change() -> None:
    profile = _user_profile()
    (district,) = [a for a in profile["attributes"] if a["name"] == "district"]
    assert district["permissions"]["edit"] == ["admin"], "a user must not move to another district"
    assert district["multivalued"] is False
    for required in ("username", "email", "firstName", "lastName"):
        assert any(a["name"] == required for a in profile["attributes"]), required


@pytest.mark.parametrize("user", _realm()["users"], ids=lambda u: u["username"])
def test_every_demo_user_has_a_known_district_and_exactly_one_role(user: Doc) -> None:
    (district,) = user["attributes"]["district"]
    assert district in districts()
    (pattern,) = [a for a in _user_profile()["attributes"] if a["name"] == "district"]
    assert re.fullmatch(pattern["validations"]["pattern"]["pattern"], district)
    assert len(user["realmRoles"]) == 1 and user["realmRoles"][0] in {r.value for r in WEB_ROLES}
    assert user["enabled"] is True
    (credential,) = user["credentials"]
    assert credential["type"] == "password" and credential["temporary"] is False
    # Whatever the default user profile requires is there, so no form stops the first sign-in.
    assert user["email"] and user["firstName"] and user["lastName"] and user["emailVerified"]


def test_each_demo_district_has_one_account_per_role() -> None:
    accounts = {(u["attributes"]["district"][0], u["realmRoles"][0]) for u in _realm()["users"]}
    assert accounts == {(d, r.value) for d in DEMO_DISTRICTS for r in WEB_ROLES}
    assert len(_realm()["users"]) == len(accounts)


def test_the_demo_password_is_documented_as_local_only() -> None:
    passwords = {u["credentials"][0]["value"] for u in _realm()["users"]}
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    (password,) = passwords
    assert f"`{password}`" in readme
    for user in _realm()["users"]:
        assert f"`{user['username']}`" in readme
