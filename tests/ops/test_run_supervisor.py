"""The supervisor of `wir run`, with plain Python child processes."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wir_ops.commands.run_supervisor import Child, ChildExited, NotReady, Supervisor, supervise

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
