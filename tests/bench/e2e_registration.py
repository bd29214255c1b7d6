"""Benchmark: registrations end to end, from the POST to intake until the welcome e-mail is
accepted by the SMTP sink, through intake, competence and notifications as separate processes.

Two runs against one platform: at a fixed rate (latency under a steady load) and at
saturation (many clients posting as fast as they can). Prints registrations/s and latency
p50/p95/p99.

    uv run python tests/bench/e2e_registration.py [--rate 5] [--seconds 20] [--clients 16] [--total 300]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

import httpx
import uvloop

from wir_kit.auth import issue_dev_token
from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.run_mail_sink import MailSink, mail_sink
from wir_ops.sandbox import Sandbox, free_port, sandbox

HEPPENHEIM = "06431011"
#: Longest a run at a fixed rate or at saturation may take before the benchmark names it and
#: stops (a wedged broker or database would otherwise hold it, silently, until it is killed).
PHASE_TIMEOUT_S = 600.0
T = TypeVar("T")
LANGUAGES = ["arb", "ukr", "tur", "prs", "eng", "deu"]


@dataclass(frozen=True)
class Sent:
    email: str
    at: float


def registration(n: int, email: str) -> dict[str, object]:
    language = LANGUAGES[n % len(LANGUAGES)]
    return {
        "given_names": f"Bench{n}",
        "family_name": f"Person{uuid.uuid4().hex[:6]}",
        "date_of_birth": {"year": 1970 + n % 40},
        "country_of_origin": "SY",
        "languages": [{"language": language, "level": "native"}],
        "preferred_language": language,
        "contact": {"email": email, "channels": ["email"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-11-01",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": "processing", "given": True, "legal_basis": "consent"},
            {"purpose": "contact_email", "given": True, "legal_basis": "consent"},
        ],
    }


async def register(http: httpx.AsyncClient, platform: Sandbox, n: int) -> Sent:
    email = f"bench-{n}-{uuid.uuid4().hex[:8]}@example.org"
    started = time.monotonic()
    answer = await http.post(
        platform.url("intake", "/persons?confirmed_new=true"),
        json=registration(n, email),
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    answer.raise_for_status()
    return Sent(email, started)


async def fixed_rate(http: httpx.AsyncClient, platform: Sandbox, rate: float, seconds: float) -> list[Sent]:
    tasks = []
    start = time.monotonic()
    for n in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
        tasks.append(asyncio.create_task(register(http, platform, n)))
    return list(await asyncio.gather(*tasks))


async def saturation(http: httpx.AsyncClient, platform: Sandbox, clients: int, total: int) -> list[Sent]:
    numbers = iter(range(100_000, 100_000 + total))
    sent: list[Sent] = []

    async def client() -> None:
        for n in numbers:
            sent.append(await register(http, platform, n))

    await asyncio.gather(*(client() for _ in range(clients)))
    return sent


async def report(name: str, sink: MailSink, sent: list[Sent]) -> None:
    deadline = time.monotonic() + 300
    while any(not sink.to(s.email) for s in sent):
        if time.monotonic() > deadline:
            missing = sum(1 for s in sent if not sink.to(s.email))
            print(f"{name}: {missing} of {len(sent)} e-mails did not arrive within 300 s")
            return
        await asyncio.sleep(0.05)
    latencies = sorted((sink.to(s.email)[0].at - s.at) * 1000 for s in sent)
    span = max(sink.to(s.email)[0].at for s in sent) - min(s.at for s in sent)
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    print(
        f"{name:<28} {len(sent):5d} registrations  {len(sent) / span:7.1f} registrations/s  "
        f"latency p50 {q[49]:7.0f} ms  p95 {q[94]:7.0f} ms  p99 {q[98]:7.0f} ms"
    )


def progress(message: str) -> None:
    print(f"e2e bench: {message}", file=sys.stderr, flush=True)


async def bounded(name: str, work: Awaitable[T]) -> T:
    progress(name)
    try:
        async with asyncio.timeout(PHASE_TIMEOUT_S):
            return await work
    except TimeoutError:
        raise SystemExit(f"e2e bench: {name}: not done within {PHASE_TIMEOUT_S:g} s") from None


async def main(rate: float, seconds: float, clients: int, total: int) -> None:
    with mail_sink(free_port()) as sink:
        async with sandbox(["intake", "competence", "notifications"], sink.environ()) as platform:
            token = issue_dev_token(
                platform.settings, sub="bench", district=BERGSTRASSE, roles=["case_manager"]
            )
            limits = httpx.Limits(max_connections=clients * 2)
            async with httpx.AsyncClient(
                headers={"Authorization": f"Bearer {token}"}, timeout=60.0, limits=limits
            ) as http:
                # Warm-up: the first requests pay for imports and pools.
                await bounded("warm-up registration", register(http, platform, 0))
                print("end to end: POST /persons → welcome e-mail accepted by the SMTP sink")
                name = f"fixed rate {rate:g}/s for {seconds:g} s"
                sent = await bounded(name, fixed_rate(http, platform, rate, seconds))
                await bounded(f"{name}: waiting for the e-mails", report(name, sink, sent))
                name = f"saturation, {clients} clients"
                sent = await bounded(name, saturation(http, platform, clients, total))
                await bounded(f"{name}: waiting for the e-mails", report(name, sink, sent))
            progress("stopping the platform")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--total", type=int, default=300)
    args = parser.parse_args()
    uvloop.run(main(args.rate, args.seconds, args.clients, args.total))
