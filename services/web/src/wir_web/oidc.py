"""Sign-in with the district's identity provider: OpenID Connect, authorization code + PKCE
(Authlib). The provider's access token carries `district` and `roles` as the services expect
them; the services verify it against the provider's keys (WIR_JWT_JWKS_URL)."""

from __future__ import annotations

from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App

from wir_web.settings import WebSettings

NAME = "idp"


def client(settings: WebSettings) -> StarletteOAuth2App | None:
    if not settings.oidc_issuer:
        return None
    oauth = OAuth()
    registered: StarletteOAuth2App = oauth.register(
        NAME,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
    )
    return registered
