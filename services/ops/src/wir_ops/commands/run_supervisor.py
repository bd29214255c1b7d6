"""The child processes of `wir run`: started together, awaited until ready, watched, and
stopped together, gracefully first and by force after a deadline.

With a `Restart` policy (the default of `wir run`) a child that ends after it was ready is
started again with a capped back-off, and the others keep serving; each restart is one JSON
line on stderr. A child that ends before it was ever ready still ends the run: that is a
configuration error, not a crash. The children's output is read line by line and written
whole, so that lines of several services never run into each other."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, TypeVar

import httpx

from wir_ops.commands.run_lifeline import SUPERVISOR_PID

T = TypeVar("T")


@dataclass(frozen=True)
class Child:
    name: str
    argv: Sequence[str]
    #: Answers 200 once the child is ready; None: ready as soon as it runs.
    ready_url: str | None = None
    #: Variables of this child only, over the supervisor's environment.
    env: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Restart:
    """Back-off of a crashed child: `first_s`, doubling up to `max_s`; back to `first_s` once
    the child had stayed up `reset_after_s`."""

    first_s: float = 1.0
    max_s: float = 30.0
    reset_after_s: float = 60.0

    def delay(self, previous: float | None, uptime_s: float) -> float:
        if previous is None or uptime_s >= self.reset_after_s:
            return self.first_s
        return min(previous * 2, self.max_s)


#: Longest line of a child's output kept whole (a longer one is passed on in pieces).
LINE_LIMIT = 1 << 20
#: Most of a child's output read at once.
_READ_SIZE = 1 << 16
#: Longest a child's line waits in the pipe before it is passed on.
_LINGER_S = 0.05


class ChildExited(RuntimeError):
    """A child ended while it should have been running."""

    def __init__(self, name: str, returncode: int) -> None:
        super().__init__(f"{name} exited with code {returncode}")
        self.name = name
        self.returncode = returncode


class NotReady(TimeoutError):
    """Children that did not become ready in time."""

    def __init__(self, names: Sequence[str], timeout_s: float) -> None:
        super().__init__(f"not ready after {timeout_s:g} s: {', '.join(names)}")
        self.names = list(names)


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        env: Mapping[str, str] | None = None,
        ready_timeout_s: float = 120.0,
        stop_timeout_s: float = 20.0,
        poll_interval_s: float = 0.2,
        restart: Restart | None = None,
    ) -> None:
        if not children:
            raise ValueError("a supervisor needs at least one child")
        self.children = list(children)
        self._env = dict(env) if env is not None else None
        self._ready_timeout_s = ready_timeout_s
        self._stop_timeout_s = stop_timeout_s
        self._poll_interval_s = poll_interval_s
        self.restart = restart
        self.processes: dict[str, asyncio.subprocess.Process] = {}
        self._ready: set[str] = set()
        self._started_at: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._pumps: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        for child in self.children:
            await self._spawn(child)

    async def _spawn(self, child: Child) -> None:
        env = {
            **(self._env if self._env is not None else os.environ),
            **child.env,
            SUPERVISOR_PID: str(os.getpid()),
        }
        # A process group of its own: Ctrl-C in the terminal reaches only the supervisor,
        # which then stops every child itself, with a deadline.
        process = await asyncio.create_subprocess_exec(
            *child.argv,
            env=env,
            process_group=0,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self.processes[child.name] = process
        self._started_at[child.name] = asyncio.get_running_loop().time()
        for source, target in ((process.stdout, sys.stdout), (process.stderr, sys.stderr)):
            if source is not None:
                pump = asyncio.create_task(_pass_lines(source, target))
                self._pumps.add(pump)
                pump.add_done_callback(self._pumps.discard)

    async def keep_running(self, stop: asyncio.Event) -> None:
        """Until `stop`: restart a child that ends (with a Restart policy), else raise ChildExited."""
        loop = asyncio.get_running_loop()
        while (exited := await until_stopped(self.exited(), stop)) is not None:
            if self.restart is None:
                raise exited
            name = exited.name
            delay = self.restart.delay(self._delays.get(name), loop.time() - self._started_at[name])
            self._delays[name] = delay
            _log_restart(name, exited.returncode, delay)
            await until_stopped(asyncio.sleep(delay), stop)
            if stop.is_set():
                return
            await self._spawn(next(c for c in self.children if c.name == name))

    async def ready(self) -> bool:
        """True once every child is ready; raises ChildExited if one ends first."""
        async with httpx.AsyncClient(timeout=2.0) as client:
            readiness = asyncio.ensure_future(self._all_ready(client))
            exit_ = asyncio.ensure_future(self.exited())
            await first_done(readiness, exit_)
        if readiness.cancelled():
            raise exit_.result()
        failure = readiness.exception()
        if isinstance(failure, TimeoutError):
            late = [c.name for c in self.children if c.name not in self._ready]
            raise NotReady(late, self._ready_timeout_s) from None
        if failure is not None:
            raise failure
        return True

    async def _all_ready(self, client: httpx.AsyncClient) -> None:
        async with asyncio.timeout(self._ready_timeout_s), asyncio.TaskGroup() as group:
            for child in self.children:
                group.create_task(self._until_ready(client, child))

    async def _until_ready(self, client: httpx.AsyncClient, child: Child) -> None:
        while child.ready_url is not None:
            with contextlib.suppress(httpx.TransportError):
                if (await client.get(child.ready_url)).status_code == 200:
                    break
            await asyncio.sleep(self._poll_interval_s)
        self._ready.add(child.name)

    async def exited(self) -> ChildExited:
        """Waits for the first child to end, and names it."""
        waits = {asyncio.ensure_future(process.wait()): name for name, process in self.processes.items()}
        try:
            done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        finished = done.pop()
        return ChildExited(waits[finished], finished.result())

    async def stop(self) -> None:
        """SIGTERM to every running child, then SIGKILL to those left at the deadline."""
        running = [p for p in self.processes.values() if p.returncode is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        try:
            async with asyncio.timeout(self._stop_timeout_s):
                await asyncio.gather(*(p.wait() for p in running))
        except TimeoutError:
            for process in running:
                if process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        process.kill()
            await asyncio.gather(*(p.wait() for p in running))
        # The last lines of every child, once its pipes are closed.
        if self._pumps:
            await asyncio.wait(self._pumps, timeout=2.0)


async def _pass_lines(source: asyncio.StreamReader, target: IO[str]) -> None:
    """A child's output passed on in whole lines: what one read brings, up to its last newline,
    in one write, at most every `_LINGER_S`. Not a read, a write and a wake-up per log line: under
    load that was about a millisecond of the supervisor's CPU per registration."""
    pending = b""
    while True:
        chunk = await source.read(_READ_SIZE)
        if not chunk:
            if pending:
                _write(target, pending + b"\n")
            return
        pending += chunk
        cut = pending.rfind(b"\n") + 1
        if cut:
            whole, pending = pending[:cut], pending[cut:]
        elif len(pending) >= LINE_LIMIT:  # a line this long is passed on in pieces
            whole, pending = pending + b"\n", b""
        else:
            continue
        _write(target, whole)
        if len(chunk) < _READ_SIZE:
            # Lines gather in the pipe meanwhile: one wake-up for many of them, not one each.
            await asyncio.sleep(_LINGER_S)


def _write(target: IO[str], lines: bytes) -> None:
    out = getattr(target, "buffer", None)
    if out is not None:
        out.write(lines)
    else:
        target.write(lines.decode(errors="replace"))
    target.flush()


def _log_restart(name: str, returncode: int, delay_s: float) -> None:
    """One JSON line per restart, as the services log."""
    line = {
        "event": "service exited unexpectedly, restarting",
        "service": "wir-run",
        "child": name,
        "returncode": returncode,
        "restart_in_s": delay_s,
        "level": "warning",
        "timestamp": datetime.now(UTC).isoformat(),
    }
    sys.stderr.write(json.dumps(line) + "\n")
    sys.stderr.flush()


async def first_done(*tasks: asyncio.Future[Any]) -> None:
    """Wait until one of `tasks` is done; cancel the others and let them finish."""
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def until_stopped(work: Awaitable[T], stop: asyncio.Event) -> T | None:
    """The result of `work`, or None when `stop` is set first."""
    task = asyncio.ensure_future(work)
    await first_done(task, asyncio.ensure_future(stop.wait()))
    return None if task.cancelled() else task.result()


async def supervise(supervisor: Supervisor, stop: asyncio.Event, on_ready: Callable[[], None]) -> None:
    """Run the children until `stop` is set; raise ChildExited when one ends by itself (before
    it was ready, or at any time without a Restart policy).

    Whatever happens, every child is stopped before this returns.
    """
    try:
        await supervisor.start()
        if await until_stopped(supervisor.ready(), stop) is None:
            return
        on_ready()
        await supervisor.keep_running(stop)
    finally:
        await supervisor.stop()


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` instead of interrupting (main thread only)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
