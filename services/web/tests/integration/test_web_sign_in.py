"""Signing in and out, the session and its CSRF token, and pages refused to the wrong role."""

from __future__ import annotations

from wir_kit.settings import Settings
from wir_web.settings import WebSettings

from ..conftest import WebFactory


async def test_a_page_sends_a_signed_out_user_to_the_sign_in_and_back(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    answer = await client.http.get("/people?q=x")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=%2Fpeople%3Fq%3Dx"


async def test_the_development_sign_in_starts_a_session_and_sign_out_ends_it(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    await client.sign_in("coordinator")
    home = await client.http.get("/")
    assert home.status_code == 200
    assert "Kreis Bergstraße" in home.text
    assert 'href="/matching"' in home.text and 'href="/district"' in home.text
    cookie = client.http.cookies.get("wir_session")
    assert cookie is not None
    assert (await client.submit("/signout", {}, form_on="/")).status_code == 303
    assert (await client.http.get("/")).status_code == 303


async def test_the_session_cookie_is_http_only_and_same_site(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    token = await client.csrf()
    answer = await client.http.post(
        "/signin/dev", data={"csrf_token": token, "district": "06431", "role": "case_manager"}
    )
    set_cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie


async def test_a_form_without_the_sessions_token_is_refused(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    await client.csrf()
    forged = await client.http.post("/signin/dev", data={"district": "06431", "role": "coordinator"})
    assert forged.status_code == 403
    wrong = await client.http.post(
        "/signin/dev", data={"csrf_token": "guessed", "district": "06431", "role": "coordinator"}
    )
    assert wrong.status_code == 403
    assert (await client.http.get("/")).status_code == 303


async def test_sign_in_returns_only_to_a_path_of_this_app(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        # A sign-in starts a new session, with a new token.
        token = await client.csrf()
        answer = await client.http.post(
            "/signin/dev",
            data={"csrf_token": token, "district": "06431", "role": "volunteer", "next": elsewhere},
        )
        assert answer.headers["location"] == "/"


async def test_a_page_for_another_role_is_refused(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    await client.sign_in("volunteer")
    assert (await client.http.get("/audit")).status_code == 403


async def test_there_is_no_development_sign_in_in_production(web_settings: WebSettings) -> None:
    production = web_settings.model_copy(update={"env": "production"})
    assert not production.dev_sign_in


async def test_the_development_sign_in_can_stand_for_a_volunteers_profile(web: WebFactory) -> None:
    client = await web(Settings(env="test"))
    await client.sign_in("volunteer", sub="5f0c3b9e-1d2a-4c8b-9e7f-0a1b2c3d4e5f")
    assert (await client.http.get("/")).status_code == 200
    token = await client.csrf()
    refused = await client.http.post(
        "/signin/dev", data={"csrf_token": token, "district": "06431", "role": "volunteer", "sub": "x' or 1"}
    )
    assert refused.headers["location"] == "/signin"


async def test_no_development_sign_in_beside_an_identity_provider(web: WebFactory) -> None:
    client = await web(Settings(env="test", jwt_jwks_url="http://idp.invalid/certs"))
    page = await client.http.get("/signin")
    assert 'action="/signin/dev"' not in page.text
    refused = await client.http.post(
        "/signin/dev", data={"csrf_token": await client.csrf(), "district": "06431", "role": "coordinator"}
    )
    assert refused.status_code == 404
