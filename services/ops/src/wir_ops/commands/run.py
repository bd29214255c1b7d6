"""`wir run`: the platform on this machine: infrastructure, migrations, demo data, and
every service as a child process, supervised until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer

from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_ops.commands import run_infrastructure, run_ports, run_web
from wir_ops.commands.migrate import migrate_all
from wir_ops.commands.run_mail_sink import mail_sink
from wir_ops.commands.run_supervisor import (
    Child,
    ChildExited,
    NotReady,
    Restart,
    Supervisor,
    stop_on_signals,
    supervise,
)
from wir_ops.commands.seed_demo import seed_all
from wir_ops.configuration import load_settings
from wir_ops.output import fail, say, show, table
from wir_ops.selection import chosen

COMPOSE_WAIT_S = 90.0
#: Beyond the services' own stop (twice the grace period: HTTP, then handlers and relay):
#: interpreter start-up and closing the connections.
STOP_MARGIN_S = 10.0


def _valid_overrides(values: list[str] | None) -> list[str] | None:
    try:
        run_ports.parse_overrides(values or ())
    except run_ports.PortError as exc:
        raise typer.BadParameter(str(exc)) from None
    return values


def run(
    only: Annotated[
        list[str] | None,
        typer.Option(
            help="Only this service (repeat for more); only these are migrated and seeded too. "
            "`web` is the web app; without --only it runs beside every service.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        list[str] | None,
        typer.Option(
            help="SERVICE=PORT (repeat for more); default: WIR_PORT_<SERVICE>, else 8001-8005 (web: 8000).",
            callback=_valid_overrides,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the local platform until Ctrl-C.

    Checks PostgreSQL and RabbitMQ, starting them with Docker Compose where an engine runs.

    Then migrates, seeds demo data, starts every service, and stops them all together.
    """
    with_web = run_web.wanted(only)
    services = [name for name in only or () if name != run_web.NAME]
    specs = chosen(services) if services or not only else []
    overrides = run_ports.parse_overrides(port or ())
    try:
        plan = run_ports.plan(specs, {k: v for k, v in overrides.items() if k != run_web.NAME}, os.environ)
        web_port = run_web.port(overrides, os.environ, plan) if with_web else None
    except run_ports.PortError as exc:
        fail(str(exc), code=2)
    settings = load_settings()
    asyncio.run(ensure_infrastructure(settings))
    migrate_all(specs)
    seed_all(specs)
    if not specs and web_port is None:
        say("no service is installed: infrastructure checked, nothing to start")
        return
    with local_mail_sink(specs):
        _run_services(specs, plan, settings, web_port)


@contextlib.contextmanager
def local_mail_sink(specs: Sequence[ServiceSpec]) -> Iterator[None]:
    """Where notifications would send to a local SMTP port nobody listens on, listen there.

    Docker's compose file has a mail sink; a machine without Docker gets this one, which keeps
    the messages as .eml files under var/mail.
    """
    address = run_infrastructure.local_smtp_address(os.environ)
    if "notifications" not in {spec.name for spec in specs} or address is None:
        yield
        return
    host, port = address
    if run_infrastructure.listening(host, port):
        yield
        return
    folder = Path("var/mail").resolve()
    with mail_sink(port, folder):
        say(f"mail sink listening on {host}:{port}; messages are saved in {folder}")
        yield


async def ensure_infrastructure(settings: Settings) -> None:
    """PostgreSQL and RabbitMQ answer, or Docker Compose starts them, or this fails."""
    down = await run_infrastructure.missing(settings)
    if not down:
        return
    if not await asyncio.to_thread(run_infrastructure.docker_engine_runs):
        fail(run_infrastructure.how_to_start(down))
    names = " and ".join(dep.name for dep in down)
    root = run_infrastructure.compose_root(Path.cwd())
    if root is None:
        fail(f"{names} not answering; a Docker engine runs, but no compose.yaml is here or above")
    say(f"{names} not answering: starting them with docker compose in {root}")
    try:
        await asyncio.to_thread(run_infrastructure.compose_up, root)
    except subprocess.CalledProcessError as exc:
        fail(f"docker compose up failed with code {exc.returncode}")
    if await run_infrastructure.wait_until_answering(settings, COMPOSE_WAIT_S):
        fail(f"{names} still not answering {COMPOSE_WAIT_S:g} s after docker compose up")


def _run_services(
    specs: Sequence[ServiceSpec], plan: Mapping[str, int], settings: Settings, web_port: int | None
) -> None:
    host = _local_host(settings.http_host)
    base = {spec.name: f"http://{host}:{plan[spec.name]}" for spec in specs}
    web_url = None if web_port is None else f"http://{host}:{web_port}"
    children = [
        Child(
            spec.name,
            [sys.executable, "-m", "wir_ops", "serve", spec.name, "--port", str(plan[spec.name])],
            ready_url=f"{base[spec.name]}/readyz",
            env=run_web.service_env(spec.name, web_url, os.environ),
        )
        for spec in specs
    ]
    if web_port is not None:
        children.append(run_web.child(web_port, host, base))
    # One machine, no orchestrator: a service that crashes is started again, the others serve on.
    supervisor = Supervisor(
        children, stop_timeout_s=2 * settings.graceful_timeout_s + STOP_MARGIN_S, restart=Restart()
    )

    def ready() -> None:
        rows = [(name, url, f"{url}/docs") for name, url in base.items()]
        show(table(("Service", "URL", "API docs"), rows, title="WIR is running"))
        if web_port is not None:
            say(f"Open http://{host}:{web_port} in a browser: sign in with a district and a role.")
        say("Ctrl-C stops every service.")

    try:
        asyncio.run(_supervised(supervisor, ready))
    except ChildExited as exc:
        fail(
            f"{exc.name} exited unexpectedly before it was ready (code {exc.returncode}); "
            "stopped the other services"
        )
    except NotReady as exc:
        fail(f"{exc}; stopped every service")
    say("every service stopped")


async def _supervised(supervisor: Supervisor, on_ready: Callable[[], None]) -> None:
    stop = asyncio.Event()
    with stop_on_signals(stop):
        await supervise(supervisor, stop, on_ready)


def _local_host(host: str) -> str:
    """Where a listener on `host` answers from this machine."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - compared, not bound
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
