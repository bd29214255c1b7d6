"""Bearer tokens: who calls, for which district, in which roles.

The district of a request comes only from the verified token, never from a body or a URL.
Each configured key verifies with the one algorithm fixed beside it; the token's header only
picks among those keys, it never chooses the algorithm (RFC 8725 §2.1).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
import structlog
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from wir_kit.auth_cache import Verified
from wir_kit.logging import get_logger
from wir_kit.settings import Settings

LEEWAY_S = 30  # clock skew between the identity provider and our replicas
ASYMMETRIC = frozenset({"RS256", "ES256"})
#: The only environments that trust the development signing key, and only when they are named
#: explicitly (WIR_ENV) and no identity-provider key is configured: forgetting WIR_ENV fails closed.
DEV_KEY_ENVIRONMENTS = frozenset({"local", "test"})

log = get_logger(__name__)


class Role(StrEnum):
    CASE_MANAGER = "case_manager"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"
    INTERPRETER = "interpreter"
    STATE_ANALYST = "state_analyst"
    OPERATOR = "operator"
    #: A registered person reading their own inbox; no staff route admits it.
    PERSON = "person"


_ROLE_VALUES = frozenset(role.value for role in Role)


@dataclass(frozen=True, slots=True)
class Principal:
    sub: str
    district: str
    roles: frozenset[Role]


class InvalidToken(Exception):
    """A token that does not authenticate; `reason` is short and holds nothing of the token."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DevTokenRefused(RuntimeError):
    """Development tokens are signed with a shared key that production must not trust."""


_PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
_Key = str | _PublicKey | jwt.PyJWK

# Most specific first: InvalidSignatureError is a DecodeError, PyJWKClientConnectionError a
# PyJWKClientError. PyJWT's own messages are not passed on: some quote header values.
_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not yet valid"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidAlgorithmError, "algorithm not accepted"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.PyJWKClientConnectionError, "signing keys unreachable"),
    (jwt.PyJWKClientError, "unknown signing key"),
    (jwt.DecodeError, "malformed"),
)


def _reason(exc: jwt.PyJWTError) -> str:
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return f"missing claim {exc.claim}"
    return next((reason for kind, reason in _REASONS if isinstance(exc, kind)), "invalid")


def _load_public_key(pem: str) -> tuple[_PublicKey, str]:
    # A PEM in an environment variable often arrives with literal "\n" for its line breaks.
    key = load_pem_public_key(pem.replace("\\n", "\n").encode())
    if isinstance(key, rsa.RSAPublicKey):
        return key, "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key, "ES256"
    raise ValueError("WIR_JWT_PUBLIC_KEY must be an RSA or P-256 public key")


def _known_districts() -> Mapping[str, object]:
    from wir_contracts.districts import districts

    return districts()


class Authenticator:
    """Verifies bearer tokens against the keys the settings configure."""

    def __init__(self, settings: Settings) -> None:
        self._audience = settings.jwt_audience
        self._issuer = settings.jwt_issuer
        self._secret = settings.jwt_secret if trusts_dev_key(settings) else None
        self._max_lifetime_s = settings.jwt_max_lifetime_s
        self._public = _load_public_key(settings.jwt_public_key) if settings.jwt_public_key else None
        self._jwks = (
            jwt.PyJWKClient(settings.jwt_jwks_url, cache_keys=True, timeout=5)
            if settings.jwt_jwks_url
            else None
        )
        self._districts: Mapping[str, object] | None = None
        self._verified: Verified[Principal] = Verified()
        if self._secret is None and self._public is None and self._jwks is None:
            log.warning("auth.no_key", hint="set WIR_JWT_PUBLIC_KEY or WIR_JWT_JWKS_URL, or WIR_ENV=local")

    async def authenticate(self, token: str) -> Principal:
        """`verify`, off the event loop when a JWKS refresh may wait on the network."""
        known = self._verified.get(token)
        if known is not None:
            return known
        if self._jwks is None:
            return self._verify(token)
        return await run_in_threadpool(self._verify, token)

    def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        return known if known is not None else self._verify(token)

    def _verify(self, token: str) -> Principal:
        try:
            key, algorithm = self._key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self._audience,
                issuer=self._issuer,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iat", "sub", "district", "roles"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(_reason(exc)) from None
        self._check_lifetime(claims)
        principal = self._principal(claims)
        self._verified.put(token, principal, float(claims["exp"]))
        return principal

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        # PyJWT has checked that both are numbers, exp is not past and iat not in the future.
        if claims["exp"] - claims["iat"] > self._max_lifetime_s + LEEWAY_S:
            raise InvalidToken("lifetime too long")

    def _key_for(self, token: str) -> tuple[_Key, str]:
        header = jwt.get_unverified_header(token)
        if header.get("alg") == "HS256":
            # Refused here, before a JWKS lookup: no identity provider signs with a shared key.
            if self._secret is None:
                raise jwt.InvalidAlgorithmError("no shared key is trusted here")
            return self._secret, "HS256"
        if self._jwks is not None and (header.get("kid") or self._public is None):
            jwk = self._jwks.get_signing_key_from_jwt(token)
            if jwk.algorithm_name not in ASYMMETRIC:
                raise jwt.InvalidAlgorithmError(jwk.algorithm_name)
            return jwk, jwk.algorithm_name
        if self._public is not None:
            return self._public
        raise jwt.InvalidAlgorithmError("no key configured for this token")

    def _principal(self, claims: dict[str, Any]) -> Principal:
        sub, district, roles = claims["sub"], claims["district"], claims["roles"]
        if not isinstance(district, str) or not isinstance(roles, list):
            raise InvalidToken("malformed claims")
        # Writes are attributed to the subject: a blank one would attribute them to nobody.
        if not isinstance(sub, str) or not sub.strip() or "\x00" in sub:
            raise InvalidToken("missing subject")
        if self._districts is None:
            self._districts = _known_districts()
        if district not in self._districts:
            raise InvalidToken("unknown district")
        # Roles this version does not know are ignored, so the identity provider can add
        # roles before every service has been updated.
        known = frozenset(Role(r) for r in roles if isinstance(r, str) and r in _ROLE_VALUES)
        return Principal(sub=sub, district=district, roles=known)


def trusts_dev_key(settings: Settings) -> bool:
    """Whether HS256 tokens signed with `WIR_JWT_SECRET` are accepted: only in an environment
    named local or test, and never beside an identity provider's key."""
    configured_idp = bool(settings.jwt_public_key or settings.jwt_jwks_url)
    return settings.env in DEV_KEY_ENVIRONMENTS and not configured_idp


def issue_dev_token(
    settings: Settings,
    *,
    sub: str,
    district: str,
    roles: Iterable[Role | str],
    ttl_s: int = 8 * 3600,
) -> str:
    """An HS256 token for local use (`wir token`), accepted by services whose WIR_ENV is
    local or test and that have no identity-provider key."""
    if settings.env == "production":
        raise DevTokenRefused("development tokens are refused in production")
    if district not in _known_districts():
        raise ValueError(f"unknown district {district!r}")
    if not sub.strip():
        raise ValueError("a token needs a subject")
    if ttl_s > settings.jwt_max_lifetime_s:
        raise ValueError(f"lifetime above WIR_JWT_MAX_LIFETIME_S ({settings.jwt_max_lifetime_s} s)")
    now = int(time.time())
    claims = {
        "sub": sub,
        "district": district,
        "roles": sorted(Role(role).value for role in roles),
        "aud": settings.jwt_audience,
        "iss": settings.jwt_issuer,
        "iat": now,
        "exp": now + ttl_s,
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


_bearer = HTTPBearer(auto_error=False, description="A WIR JWT; `wir token` issues one locally.")


async def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller, from the bearer token; 401 without a valid one."""
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    authenticator: Authenticator = request.app.state.authenticator
    try:
        who = await authenticator.authenticate(credentials.credentials)
    except InvalidToken as exc:
        log.info("auth.rejected", reason=exc.reason)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            f"invalid token: {exc.reason}",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None
    # `sub` may identify a person, so only the district and roles go into log lines.
    structlog.contextvars.bind_contextvars(
        district=who.district, roles=sorted(role.value for role in who.roles)
    )
    return who


CurrentPrincipal = Annotated[Principal, Depends(principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting callers that hold at least one of `roles`; 403 for others."""
    if not roles:
        raise ValueError("require_roles needs at least one role")
    wanted = frozenset(roles)

    async def holding_role(who: CurrentPrincipal) -> Principal:
        if who.roles.isdisjoint(wanted):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "forbidden")
        return who

    holding_role.requires_roles = True  # type: ignore[attr-defined]  # the OpenAPI declares 403
    return holding_role
