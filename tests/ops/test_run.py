"""`wir run`: infrastructure first, then migrations, demo data and every service, until SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import smtplib
import socket
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from wir_kit.db import Db
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.waiting import eventually
from wir_ops.cli import app
from wir_ops.commands import run_infrastructure
from wir_ops.commands.run_mail_sink import mail_sink
from wir_ops.sandbox import free_port

from .conftest import Service

PG_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
runner = CliRunner()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_infrastructure, "docker_engine_runs", lambda: False)


@pytest.mark.usefixtures("no_docker")
def test_without_postgres_and_docker_one_line_names_it_and_how_to_start_it(
    install: Callable[..., None], wir_amqp_url: str
) -> None:
    install()
    env = {
        "WIR_DATABASE_ADMIN_URL": f"postgresql://postgres@127.0.0.1:{closed_port()}/wir",
        "WIR_AMQP_URL": wir_amqp_url,
    }

    result = runner.invoke(app, ["run"], env=env)

    assert result.exit_code == 1
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("PostgreSQL (127.0.0.1:")
    assert f"start it with `{PG_START}`" in line
    assert "RabbitMQ" not in line


@pytest.mark.usefixtures("no_docker")
def test_without_both_one_line_names_both_start_commands(install: Callable[..., None]) -> None:
    install()
    env = {
        "WIR_DATABASE_ADMIN_URL": f"postgresql://postgres:secret@127.0.0.1:{closed_port()}/wir",
        "WIR_AMQP_URL": f"amqp://guest:hidden@127.0.0.1:{closed_port()}/",
    }

    result = runner.invoke(app, ["run"], env=env)

    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert f"`{PG_START}` and `rabbitmq-server -detached`" in line
    assert "secret" not in line and "hidden" not in line


def test_with_a_docker_engine_compose_starts_what_is_missing(
    install: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    wir_database_url: str,
    wir_amqp_url: str,
) -> None:
    install()
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    (tmp_path / "deploy").mkdir()
    monkeypatch.chdir(tmp_path / "deploy")
    started: list[Path] = []
    answers = iter([[run_infrastructure.Dependency("PostgreSQL", "db:5432", "x")], []])

    async def missing(_settings: object) -> list[run_infrastructure.Dependency]:
        return next(answers)

    monkeypatch.setattr(run_infrastructure, "missing", missing)
    monkeypatch.setattr(run_infrastructure, "docker_engine_runs", lambda: True)
    monkeypatch.setattr(run_infrastructure, "compose_up", started.append)

    result = runner.invoke(
        app, ["run"], env={"WIR_DATABASE_ADMIN_URL": wir_database_url, "WIR_AMQP_URL": wir_amqp_url}
    )

    assert result.exit_code == 0, result.output
    assert started == [tmp_path]
    assert "starting them with docker compose" in result.stdout


@pytest.mark.usefixtures("no_docker")
def test_with_no_service_installed_it_checks_the_infrastructure_and_exits_0(
    install: Callable[..., None], wir_database_url: str, wir_amqp_url: str
) -> None:
    install()

    result = runner.invoke(
        app, ["run"], env={"WIR_DATABASE_ADMIN_URL": wir_database_url, "WIR_AMQP_URL": wir_amqp_url}
    )

    assert result.exit_code == 0, result.output
    assert "no service is installed" in result.stdout


def test_an_override_for_a_service_that_is_not_installed_is_a_usage_error(
    install: Callable[..., None],
) -> None:
    install()

    result = runner.invoke(app, ["run", "--port", "intake=9001"])

    assert result.exit_code == 2
    assert "--port names no service to run: intake" in result.stderr


def installed_in(folder: Path, service: Service, port: int) -> str:
    """Install the sample service as a package would: a module whose `build` an entry point
    names, on the path."""
    folder.mkdir()
    module = textwrap.dedent(
        f"""
        from pathlib import Path
        from wir_kit.testing import sample

        def build():
            migrations = Path({str(service.spec.migrations)!r})
            return sample.spec({service.spec.name!r}, migrations=migrations, port={port})
        """
    )
    (folder / "ops_test_services.py").write_text(module)
    dist = folder / "ops_test_services-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ops-test-services\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[wir.services]\n{service.spec.name} = ops_test_services:build\n")
    return str(folder)


@asynccontextmanager
async def wir_run(service: Service, tmp_path: Path, port: int) -> AsyncIterator[asyncio.subprocess.Process]:
    """`wir run` in a process of its own, as an operator starts it; output in files."""
    env = {
        **os.environ,
        **service.env,
        "PYTHONPATH": installed_in(tmp_path / "site", service, port),
        "WIR_MIGRATE_ON_START": "false",
    }
    with (tmp_path / "stdout").open("w") as out, (tmp_path / "stderr").open("w") as err:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "wir_ops",
            "run",
            "--only",
            service.spec.name,
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=err,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


async def answers(url: str) -> bool:
    async with httpx.AsyncClient(timeout=2.0) as client:
        try:
            return (await client.get(url)).status_code == 200
        except httpx.TransportError:
            return False


async def reported_running(folder: Path) -> bool:
    return "WIR is running" in (folder / "stdout").read_text()


@asynccontextmanager
async def running(service: Service, tmp_path: Path) -> AsyncIterator[tuple[asyncio.subprocess.Process, int]]:
    """`wir run` once it has said that every service is running; with the service's port."""
    port = closed_port()
    async with wir_run(service, tmp_path, port) as process:
        assert await eventually(lambda: reported_running(tmp_path), timeout=60)
        yield process, port


async def test_run_migrates_seeds_and_serves_each_service_until_sigterm(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    service = make_service()

    async with running(service, tmp_path) as (process, port):
        assert await answers(f"http://127.0.0.1:{port}/readyz")
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), 60)

    output = (tmp_path / "stdout").read_text()
    assert returncode == 0, (tmp_path / "stderr").read_text()[-3000:]
    assert f"http://127.0.0.1:{port}/docs" in output
    assert "every service stopped" in output
    assert not await answers(f"http://127.0.0.1:{port}/readyz")
    db = await Db.connect(service.settings)
    try:
        async with db.transaction(BERGSTRASSE) as tx:
            assert await tx.fetchval("SELECT count(*) FROM notes") == 1  # the demo data
    finally:
        await db.close()


def children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue  # ended while we looked
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def ended(pid: int) -> bool:
    """Ended: no such process, or a zombie that only waits for its new parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in state


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
async def test_services_end_when_run_itself_is_killed_outright(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    async with running(make_service(), tmp_path) as (process, port):
        [child] = children_of(process.pid)
        process.kill()  # no chance to stop its children itself
        await process.wait()
        try:
            assert await eventually(lambda: asyncio.to_thread(ended, child), timeout=30)
        finally:
            if not ended(child):
                os.kill(child, signal.SIGKILL)
    assert not await answers(f"http://127.0.0.1:{port}/readyz")


async def test_run_exits_1_naming_a_service_that_dies(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    service = make_service()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])

        async with wir_run(service, tmp_path, port) as process:
            returncode = await asyncio.wait_for(process.wait(), 60)

    assert returncode == 1
    assert f"{service.spec.name} exited unexpectedly" in (tmp_path / "stderr").read_text()


def test_a_local_smtp_address_is_recognised_and_a_remote_one_is_not() -> None:
    assert run_infrastructure.local_smtp_address({}) == ("127.0.0.1", 1025)
    assert run_infrastructure.local_smtp_address({"WIR_NOTIFICATIONS_SMTP_PORT": "2525"}) == (
        "127.0.0.1",
        2525,
    )
    assert run_infrastructure.local_smtp_address({"WIR_NOTIFICATIONS_SMTP_HOST": "mail.example.org"}) is None


def test_the_local_mail_sink_saves_messages_as_files(tmp_path: Path) -> None:
    port = free_port()
    with mail_sink(port, tmp_path / "mail") as sink:
        assert run_infrastructure.listening("127.0.0.1", port)
        with smtplib.SMTP("127.0.0.1", port) as client:
            client.sendmail("a@example.org", ["b@example.org"], "Subject: hello\r\n\r\nbody")
        assert len(sink.to("b@example.org")) == 1
    assert [p.suffix for p in (tmp_path / "mail").iterdir()] == [".eml"]
    assert not run_infrastructure.listening("127.0.0.1", port)


async def test_under_run_every_service_log_line_is_one_json_object(
    make_service: Callable[..., Service], tmp_path: Path
) -> None:
    async with running(make_service(), tmp_path) as (process, port):
        for _ in range(3):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
            await writer.drain()
            await reader.read()
            writer.close()
        for _ in range(20):
            assert await answers(f"http://127.0.0.1:{port}/readyz")
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)

    logged = (tmp_path / "stderr").read_text().splitlines()
    assert any("Invalid HTTP request" in line for line in logged)
    for line in logged:
        assert isinstance(json.loads(line), dict), line
