"""The public share routes are limited per link and per client address: 429 with Retry-After."""

from __future__ import annotations

import httpx

from wir_competence.api.share_limits import CLIENT_PER_MINUTE, LINK_PER_MINUTE


async def test_one_link_hit_past_its_limit_answers_429_with_retry_after(http: httpx.AsyncClient) -> None:
    answers = [(await http.get("/shares/not-a-real-link")).status_code for _ in range(LINK_PER_MINUTE + 1)]
    pdf = await http.get("/shares/not-a-real-link/document.pdf")
    other = await http.get("/shares/another-link")

    assert set(answers[:LINK_PER_MINUTE]) == {404}
    assert answers[LINK_PER_MINUTE] == 429
    assert pdf.status_code == 429 and int(pdf.headers["Retry-After"]) >= 1
    assert other.status_code == 404  # another link is counted on its own


async def test_one_client_trying_many_links_is_limited(http: httpx.AsyncClient) -> None:
    answers = [(await http.get(f"/shares/guess-{n}")).status_code for n in range(CLIENT_PER_MINUTE + 1)]

    assert set(answers[:CLIENT_PER_MINUTE]) == {404}
    assert answers[CLIENT_PER_MINUTE] == 429
