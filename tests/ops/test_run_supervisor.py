"""The supervisor of `wir run`, with plain Python child processes."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from wir_ops.commands.run_supervisor import (
    LINE_LIMIT,
    Child,
    ChildExited,
    NotReady,
    Restart,
    Supervisor,
    supervise,
)

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_child(name: str, folder: Path) -> Child:
    """A child that answers /readyz once its HTTP server listens."""
    folder.mkdir(exist_ok=True)
    (folder / "readyz").write_text("ok")
    port = free_port()
    argv = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
    return Child(name, argv, ready_url=f"http://127.0.0.1:{port}/readyz")


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_children_become_ready_and_are_stopped_together(tmp_path: Path) -> None:
    supervisor = Supervisor([http_child("a", tmp_path / "a"), http_child("b", tmp_path / "b")])
    stop = asyncio.Event()
    readied: list[bool] = []

    def ready() -> None:
        readied.append(True)
        stop.set()

    await supervise(supervisor, stop, ready)

    assert readied == [True]
    assert all(p.returncode is not None for p in supervisor.processes.values())


async def test_a_child_that_exits_is_named_and_the_others_are_stopped() -> None:
    quitter = [sys.executable, "-c", "import time, sys; time.sleep(0.3); sys.exit(3)"]
    supervisor = Supervisor([Child("steady", SLEEPER), Child("quitter", quitter)])

    with pytest.raises(ChildExited) as exited:
        await supervise(supervisor, asyncio.Event(), lambda: None)

    assert (exited.value.name, exited.value.returncode) == ("quitter", 3)
    assert supervisor.processes["steady"].returncode == -signal.SIGTERM


async def test_a_child_that_dies_before_it_is_ready_is_named() -> None:
    supervisor = Supervisor(
        [
            Child(
                "broken", [sys.executable, "-c", "raise SystemExit(4)"], ready_url="http://127.0.0.1:9/readyz"
            )
        ]
    )

    with pytest.raises(ChildExited, match="broken exited with code 4"):
        await supervise(supervisor, asyncio.Event(), lambda: None)


async def test_children_not_ready_in_time_are_named_and_stopped() -> None:
    supervisor = Supervisor(
        [Child("mute", SLEEPER, ready_url=f"http://127.0.0.1:{free_port()}/readyz")], ready_timeout_s=0.5
    )

    with pytest.raises(NotReady, match="mute"):
        await supervise(supervisor, asyncio.Event(), lambda: None)

    assert supervisor.processes["mute"].returncode is not None


async def test_a_child_ignoring_sigterm_is_killed_at_the_deadline(tmp_path: Path) -> None:
    armed = tmp_path / "armed"
    stubborn = textwrap.dedent(
        f"""
        import pathlib, signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        pathlib.Path({str(armed)!r}).touch()
        time.sleep(120)
        """
    )
    supervisor = Supervisor([Child("stubborn", [sys.executable, "-c", stubborn])], stop_timeout_s=0.5)
    await supervisor.start()
    while not armed.exists():
        await asyncio.sleep(0.05)

    await supervisor.stop()

    assert supervisor.processes["stubborn"].returncode == -signal.SIGKILL


SUPERVISING_SCRIPT = """
import asyncio, sys
from wir_ops.commands.run_supervisor import Child, Supervisor, stop_on_signals, supervise

async def main():
    supervisor = Supervisor([Child(n, [sys.executable, "-c", "import time; time.sleep(120)"]) for n in "ab"])
    stop = asyncio.Event()
    def ready():
        print(*(p.pid for p in supervisor.processes.values()), flush=True)
    with stop_on_signals(stop):
        await supervise(supervisor, stop, ready)
    print("stopped", flush=True)

asyncio.run(main())
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_supervisor_stops_every_child_and_exits_cleanly(sig: signal.Signals) -> None:
    process = subprocess.Popen([sys.executable, "-c", SUPERVISING_SCRIPT], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        pids = [int(pid) for pid in process.stdout.readline().split()]
        process.send_signal(sig)
        assert process.wait(timeout=30) == 0
        assert process.stdout.read().strip() == "stopped"
    finally:
        process.kill()
        process.wait()
    assert len(pids) == 2
    assert all(gone(pid) for pid in pids)


def test_the_restart_back_off_doubles_to_its_cap_and_resets_after_a_good_run() -> None:
    policy = Restart(first_s=1.0, max_s=30.0, reset_after_s=60.0)
    delays = [policy.delay(None, 0.0)]
    for _ in range(6):
        delays.append(policy.delay(delays[-1], 5.0))
    assert delays == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert policy.delay(30.0, 61.0) == 1.0


async def test_a_child_killed_outright_is_restarted_and_the_others_keep_serving(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    steady, victim = http_child("steady", tmp_path / "steady"), http_child("victim", tmp_path / "victim")
    supervisor = Supervisor([steady, victim], restart=Restart(first_s=0.2, max_s=1.0))
    stop = asyncio.Event()
    running = asyncio.Event()
    task = asyncio.create_task(supervise(supervisor, stop, running.set))
    try:
        await asyncio.wait_for(running.wait(), 60)
        steady_pid, victim_pid = (supervisor.processes[n].pid for n in ("steady", "victim"))
        os.kill(victim_pid, signal.SIGKILL)
        async with httpx.AsyncClient(timeout=2.0) as client:
            async with asyncio.timeout(60):
                while supervisor.processes["victim"].pid == victim_pid or not await _ok(client, victim):
                    assert (await client.get(steady.ready_url or "")).status_code == 200
                    await asyncio.sleep(0.1)
        assert supervisor.processes["steady"].pid == steady_pid
        assert supervisor.processes["steady"].returncode is None
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
    [restart] = [json.loads(line) for line in capfd.readouterr().err.splitlines() if "restarting" in line]
    assert (restart["child"], restart["returncode"]) == ("victim", -signal.SIGKILL)


async def _ok(client: httpx.AsyncClient, child: Child) -> bool:
    try:
        return (await client.get(child.ready_url or "")).status_code == 200
    except httpx.TransportError:
        return False


#: A writer that ends a line in a write of its own, as unbuffered writers may.
LINES_SCRIPT = """
import os, sys
for n in range(2000):
    os.write(1, ('{"child": "%s", "n": %d, "pad": "%s"}' % (sys.argv[1], n, "x" * 300)).encode())
    os.write(1, b"\\n")
"""


async def test_the_childrens_lines_are_passed_on_whole(capfd: pytest.CaptureFixture[str]) -> None:
    children = [Child(n, [sys.executable, "-c", LINES_SCRIPT, n]) for n in "abc"]
    supervisor = Supervisor(children)
    await supervisor.start()
    await asyncio.gather(*(p.wait() for p in supervisor.processes.values()))
    await supervisor.stop()

    lines = capfd.readouterr().out.splitlines()
    assert len(lines) == 6000
    assert all(isinstance(json.loads(line), dict) for line in lines)


UNENDED_SCRIPT = """
import os
os.write(1, b"x" * (3 * 2**20 // 2))
os.write(1, b"\\nlast line without its newline")
"""


async def test_an_overlong_line_is_passed_on_in_pieces_and_the_last_line_gets_its_newline(
    capfd: pytest.CaptureFixture[str],
) -> None:
    supervisor = Supervisor([Child("long", [sys.executable, "-c", UNENDED_SCRIPT])])
    await supervisor.start()
    await asyncio.gather(*(p.wait() for p in supervisor.processes.values()))
    await supervisor.stop()

    out = capfd.readouterr().out
    assert out.endswith("\nlast line without its newline\n")
    pieces = out.splitlines()[:-1]
    assert len(pieces) >= 2
    assert all(len(piece) <= LINE_LIMIT + (1 << 16) for piece in pieces)
    assert "".join(pieces) == "x" * (3 * 2**20 // 2)
