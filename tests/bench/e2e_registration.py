"""Benchmark: registrations end to end, from the POST to intake until the welcome e-mail is
accepted by the SMTP sink and the competence record is opened, through intake, competence and
notifications as separate processes started by `wir run`.

Registrations go round-robin over all districts (a token per district), then to one district
only. Per variant two phases: a fixed rate (latency POST → e-mail, p50/p95/p99) and saturation
(many clients posting as fast as they can: registrations/s). Per phase: CPU ms per
registration of each service process, `wir run`, PostgreSQL (all its processes; broken down by
the service a sandbox backend serves), RabbitMQ, the benchmark and its SMTP sink, and the
total; and commits per registration in the sandbox's database. The machine's load from other
work shows in "whole machine".

    uv run python tests/bench/e2e_registration.py [--rate 50] [--seconds 20] [--clients 32]
        [--total 1000] [--variants across,one]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import sys
import time
from urllib.parse import urlsplit

import httpx
import uvloop
from e2e import proc
from e2e.accounting import STATS_FLUSH_S, Database, Processes, sample
from e2e.load import KEEPALIVE_S, Load, PlatformFailed, Target, targets
from e2e.phases import Platform, Result, progress, run_phase
from e2e.report import table

from wir_contracts.districts import district, districts
from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.run_mail_sink import mail_sink
from wir_ops.sandbox import Sandbox, SandboxFailed, free_port, sandbox

SERVICES = ["intake", "competence", "notifications"]
#: How long the idle platform is watched for the commits it makes on its own.
IDLE_S = 10.0
AMQP_PORT = 5672


async def main(args: argparse.Namespace) -> int:
    results: list[Result] = []
    with mail_sink(free_port()) as sink:
        async with sandbox(SERVICES, sink.environ()) as running:
            name = urlsplit(running.settings.database_admin_url).path.lstrip("/")
            db = await Database.connect(running.settings.database_admin_url, name)
            try:
                failure = await measure(running, Platform(sink, db, processes_of(running)), args, results)
            finally:
                await db.close()
            progress("stopping the platform")
    print("end to end: POST /persons → welcome e-mail accepted and competence record opened")
    print(table(results))
    if failure:
        print(f"e2e bench: stopped: {failure}", file=sys.stderr)
        return 1
    return 0


def processes_of(running: Sandbox) -> Processes:
    pids = {name: running.service_pid(name) for name in SERVICES}
    missing = [name for name, pid in pids.items() if pid is None]
    if missing:
        raise PlatformFailed(f"no process found for {', '.join(missing)}")
    port = urlsplit(running.settings.amqp_url).port or AMQP_PORT
    broker = proc.broker_pid(port)
    if broker is None:
        progress(f"no RabbitMQ process found listening on {port}: its CPU is not counted")
    return Processes({n: p for n, p in pids.items() if p is not None}, running.pid, broker, None)


async def measure(
    running: Sandbox, platform: Platform, args: argparse.Namespace, results: list[Result]
) -> str | None:
    """Run the phases into `results`; the cause if the platform stopped answering."""
    spread = targets(running.settings, sorted(districts().values(), key=lambda d: d.key))
    variants: dict[str, list[Target]] = {
        f"across {len(spread)} districts": spread,
        "one district": targets(running.settings, [district(BERGSTRASSE)]),
    }
    chosen = {"across": f"across {len(spread)} districts", "one": "one district"}
    numbers = itertools.count()
    # The fixed rate's connections: saturating clients (the warm-up too) bring their own.
    limits = httpx.Limits(max_connections=256, keepalive_expiry=KEEPALIVE_S)
    url = running.url("intake", "/persons?confirmed_new=true")
    async with httpx.AsyncClient(timeout=60.0, limits=limits) as http:
        try:
            # The first requests pay for imports, pools and each district's first statements.
            warm = Load(http, url, spread, numbers=numbers)
            await run_phase("warm-up", platform, warm, len(spread), lambda: warm.saturation(8, len(spread)))
            platform.processes.sink_thread = platform.sink.thread_id
            await idle(platform)
            for key in args.variants:
                name = chosen[key]
                load = Load(http, url, variants[name], numbers=numbers)
                await variant(name, platform, load, args, results)
        except PlatformFailed as exc:
            progress(f"stopped: {exc}")
            return str(exc)
        except TimeoutError:
            progress("stopped: a phase did not end within its time limit")
            return "a phase did not end within its time limit"
    return None


async def variant(
    name: str, platform: Platform, load: Load, args: argparse.Namespace, results: list[Result]
) -> None:
    """The fixed-rate phase and the saturated one (all clients as fast as they can), with
    `load`'s targets, into `results` as each ends."""
    count = int(args.rate * args.seconds)
    fixed = Load(load.http, load.url, load.targets, numbers=load.numbers)
    results.append(
        await run_phase(
            f"{name}, fixed {args.rate:g}/s",
            platform,
            fixed,
            count,
            lambda: fixed.fixed_rate(args.rate, count),
        )
    )
    flat = Load(load.http, load.url, load.targets, numbers=load.numbers)
    results.append(
        await run_phase(
            f"{name}, {args.clients} clients",
            platform,
            flat,
            args.total,
            lambda: flat.saturation(args.clients, args.total),
        )
    )


async def idle(platform: Platform) -> None:
    """Measure the commits of the platform left alone, to take them off each phase's."""
    progress(f"watching the idle platform for {IDLE_S:g} s")
    commits, own = await platform.db.commits(), platform.db.statements
    before, started = await sample(platform.processes, platform.db), time.monotonic()
    await asyncio.sleep(IDLE_S)
    elapsed = time.monotonic() - started
    after = await sample(platform.processes, platform.db)
    made = await platform.db.commits() - commits - (platform.db.statements - own)
    platform.idle_commits_per_s = max(0.0, made / elapsed)
    busy = sum(after.cpu.values()) - sum(before.cpu.values())
    print(
        f"idle platform: {platform.idle_commits_per_s:.1f} commits/s (taken off each phase's), "
        f"{busy / elapsed:.0f} ms CPU/s (not taken off); load average {os.getloadavg()[0]:.2f}; "
        f"commits are read {STATS_FLUSH_S:g} s after a phase"
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="registrations/s of the fixed-rate phase")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the fixed-rate phase")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients at saturation")
    parser.add_argument("--total", type=int, default=1000, help="registrations at saturation")
    parser.add_argument(
        "--variants",
        type=lambda text: [part for part in text.split(",") if part],
        default=["across", "one"],
        help="across (all districts), one (one district), or both: across,one",
    )
    args = parser.parse_args()
    if not set(args.variants) <= {"across", "one"}:
        parser.error("--variants takes across, one or across,one")
    return args


if __name__ == "__main__":
    try:
        sys.exit(uvloop.run(main(arguments())))
    except (SandboxFailed, PlatformFailed) as exc:
        sys.exit(f"e2e bench: {exc}")
