"""Domain errors as HTTP answers: declared once per service, registered by the app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pydantic
import pytest
import structlog
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from structlog.testing import capture_logs

from wir_kit import Answer, invalid, invalid_model, refused, shown
from wir_kit.http import create_app
from wir_kit.settings import Settings

SECRET = "Jane Doe, born 1990"


class NotFound(LookupError):
    """No such record in the caller's district."""


class PersonNotFound(NotFound):
    """A more specific error answers as its declared base does."""


class StaleVersion(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(f"stale: {SECRET}")
        self.current = current


class Conflict(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldError(ValueError):
    """A rule of the domain refused one field (the value stays in the exception)."""

    def __init__(self, loc: tuple[str, ...], kind: str, message: str, value: str) -> None:
        super().__init__(f"{message}: {value}")
        self.loc, self.kind, self.message, self.value = loc, kind, message, value


class Undeclared(RuntimeError):
    """An error the service did not map."""


class Age(BaseModel):
    years: int


ERRORS: dict[type[Exception], Answer] = {
    NotFound: refused(404, "not found"),
    Conflict: refused(409, lambda e: e.message),
    StaleVersion: refused(412, "changed meanwhile", headers=lambda e: {"ETag": f'"{e.current}"'}),
    FieldError: lambda e: invalid(("body", *e.loc), e.kind, e.message),
    pydantic.ValidationError: invalid_model,
}

router = APIRouter(prefix="/cases")


@router.get("/missing")
async def missing() -> None:
    raise NotFound(SECRET)


@router.get("/missing-person")
async def missing_person() -> None:
    raise PersonNotFound(SECRET)


@router.get("/taken")
async def taken() -> None:
    raise Conflict("the slot is taken")


@router.get("/stale")
async def stale() -> None:
    raise StaleVersion(current=7)


@router.get("/bad-field")
async def bad_field() -> None:
    raise FieldError(("person", "birth_date"), "date_in_future", "lies in the future", SECRET)


@router.get("/bad-model")
async def bad_model() -> None:
    Age.model_validate({"years": SECRET})


@router.get("/undeclared")
async def undeclared() -> None:
    raise Undeclared(SECRET)


@router.post("/ages")
async def add_age(age: Age) -> Age:
    return age


@router.get("/shown", response_model=None)
async def shown_age() -> object:
    return shown(Age.model_construct(years=41), 201)


@pytest.fixture
def app() -> FastAPI:
    return create_app(Settings(env="test", service="kit-test"), title="t", routers=[router], errors=ERRORS)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://wir.test") as http:
        yield http


async def test_a_declared_error_answers_its_status_and_detail(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/missing")

    assert (response.status_code, response.json()) == (404, {"detail": "not found"})
    assert SECRET not in response.text


async def test_a_subclass_of_a_declared_error_answers_as_its_base(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/missing-person")

    assert (response.status_code, response.json()) == (404, {"detail": "not found"})


async def test_a_detail_may_come_from_the_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/taken")

    assert (response.status_code, response.json()) == (409, {"detail": "the slot is taken"})


async def test_headers_may_come_from_the_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/stale")

    assert (response.status_code, response.json()) == (412, {"detail": "changed meanwhile"})
    assert response.headers["ETag"] == '"7"'
    assert SECRET not in response.text


async def test_a_field_error_answers_422_naming_the_field_but_never_the_value(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/cases/bad-field")

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"loc": ["body", "person", "birth_date"], "msg": "lies in the future", "type": "date_in_future"}
        ]
    }
    assert "Jane" not in response.text


async def test_a_model_the_domain_refuses_answers_422_like_the_requests_own(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/cases/bad-model")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "years"]
    assert error["type"] == "int_parsing"
    assert set(error) == {"loc", "msg", "type"}
    assert "Jane" not in response.text


async def test_an_undeclared_error_still_answers_the_kits_500_and_logs_its_type_only(
    client: httpx.AsyncClient,
) -> None:
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        response = await client.get("/cases/undeclared", headers={"X-Correlation-ID": "c-9"})

    assert response.status_code == 500
    assert response.json() == {"detail": "internal error", "correlation_id": "c-9"}
    [line] = [entry for entry in logs if entry["event"] == "http.request"]
    assert line["exc_type"] == "Undeclared"
    assert "Jane" not in repr(logs)


async def test_a_declared_error_is_not_logged_as_a_failure(client: httpx.AsyncClient) -> None:
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        await client.get("/cases/missing")

    [line] = [entry for entry in logs if entry["event"] == "http.request"]
    assert line["status"] == 404
    assert "exc_type" not in line
    assert "Jane" not in repr(logs)


async def test_shown_answers_the_model_as_built_with_the_status_given(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/shown")

    assert (response.status_code, response.json()) == (201, {"years": 41})


@pytest.mark.parametrize("body", [b"\xff\xfe{", b'{"years": "\xe9"}'])
async def test_a_body_that_is_not_utf8_answers_422_naming_the_body(
    client: httpx.AsyncClient, body: bytes
) -> None:
    response = await client.post("/cases/ages", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"loc": ["body"], "msg": "body is not UTF-8 JSON", "type": "json_invalid"}
    ]


async def test_other_http_errors_keep_their_status(client: httpx.AsyncClient) -> None:
    response = await client.get("/cases/nowhere")

    assert response.status_code == 404
