"""Benchmark: the web app's person page and search page under concurrent users.

Every service and the web app run as separate processes (`wir run` in a sandbox). A district
gets `--people` registrations; then `--users` signed-in users (each with their own session)
open pages as fast as the app answers them, for `--seconds` per page: a random person's page
(which calls intake, notifications, matching and interpreting) and a search for a random family
name. Printed per page: requests, requests/s, p50/p95/p99 and failures.

    uv run python tests/bench/web_pages.py [--users 20] [--seconds 20] [--people 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence

import httpx

from wir_kit.auth import issue_dev_token
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_ops.commands.run_mail_sink import mail_sink
from wir_ops.sandbox import Sandbox, free_port, sandbox

SERVICES = ["intake", "competence", "matching", "interpreting", "notifications", "web"]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FAMILY = ["Rahimi", "Haddad", "Kovalenko", "Yilmaz", "Ahmadi", "Shevchenko", "Khalil", "Demir", "Nazari"]
GIVEN = ["Amina", "Farid", "Olena", "Mehmet", "Sara", "Yusuf", "Iryna", "Leyla", "Omid", "Dana"]


def person(index: int) -> dict[str, object]:
    return {
        "given_names": GIVEN[index % len(GIVEN)],
        "family_name": f"{FAMILY[index % len(FAMILY)]}{index}",
        "date_of_birth": {"year": 1960 + index % 45},
        "country_of_origin": "AF",
        "languages": [{"language": "prs", "level": "native"}],
        "preferred_language": "prs",
        "contact": {"email": f"p{index}@example.org", "channels": ["email"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-10-20",
        "residence_status": "aufenthaltsgestattung",
        "consents": [{"purpose": "processing", "given": True, "legal_basis": "consent"}],
    }


async def register(running: Sandbox, count: int) -> list[tuple[str, str]]:
    """`count` people in the district, as (id, family name)."""
    token = issue_dev_token(running.settings, sub="bench", district=BERGSTRASSE, roles=["case_manager"])
    headers = {"Authorization": f"Bearer {token}"}
    made: list[tuple[str, str]] = []
    async with httpx.AsyncClient(timeout=30.0) as http:
        for index in range(count):
            body = person(index)
            answer = await http.post(
                running.url("intake", "/persons?confirmed_new=true"),
                json=body,
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )
            answer.raise_for_status()
            made.append((answer.json()["id"], str(body["family_name"])))
    return made


async def signed_in(base: str) -> httpx.AsyncClient:
    http = httpx.AsyncClient(base_url=base, timeout=30.0)
    page = await http.get("/signin")
    found = CSRF.search(page.text)
    assert found, "no sign-in form"
    data = {"csrf_token": found.group(1), "district": BERGSTRASSE, "role": "case_manager", "next": "/"}
    answer = await http.post("/signin/dev", data=data)
    assert answer.status_code == 303, answer.status_code
    return http


async def load(users: Sequence[httpx.AsyncClient], path: Callable[[], str], seconds: float) -> list[float]:
    """Latencies in ms of every answered request; a failure counts as NaN."""
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    async def user(http: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                ok = (await http.get(path())).status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000 if ok else float("nan"))

    await asyncio.gather(*(user(http) for http in users))
    return latencies


def row(name: str, latencies: list[float], seconds: float) -> str:
    answered = sorted(value for value in latencies if value == value)
    failed = len(latencies) - len(answered)
    if len(answered) < 2:
        return f"{name:<14} {len(latencies):>8} {'-':>8} {'-':>8} {'-':>8} {'-':>8} {failed:>8}"
    cuts = statistics.quantiles(answered, n=100)
    return (
        f"{name:<14} {len(latencies):>8} {len(latencies) / seconds:>8.1f} {cuts[49]:>8.1f} "
        f"{cuts[94]:>8.1f} {cuts[98]:>8.1f} {failed:>8}"
    )


async def main(args: argparse.Namespace) -> int:
    with mail_sink(free_port()) as sink:
        async with sandbox(SERVICES, sink.environ()) as running:
            people = await register(running, args.people)
            users = [await signed_in(running.url("web")) for _ in range(args.users)]
            try:
                pages: dict[str, Callable[[], str]] = {
                    "person page": lambda: f"/people/{random.choice(people)[0]}",
                    "search": lambda: f"/people?q={random.choice(people)[1]}",
                }
                lines = []
                for name, path in pages.items():
                    await load(users, path, min(3.0, args.seconds))  # warm-up, not counted
                    lines.append(row(name, await load(users, path, args.seconds), args.seconds))
            finally:
                for http in users:
                    await http.aclose()
    print(
        f"web app: {args.users} users at once, {args.people} people in a district, {args.seconds:g} s a page"
    )
    heads = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed")
    print(f"{'page':<14} " + " ".join(f"{head:>8}" for head in heads))
    print("\n".join(lines))
    return 1 if any(line.split()[-1] != "0" for line in lines) else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--people", type=int, default=300)
    sys.exit(asyncio.run(main(parser.parse_args())))
