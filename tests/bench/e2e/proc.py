"""CPU time of processes and threads, and which process is which, read from Linux's /proc.

Only reads: nothing here signals or stops a process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

PROC = Path("/proc")
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
#: RabbitMQ's Debian package writes the broker's pid here.
RABBIT_PID_FILE = Path("/var/lib/rabbitmq/mnesia/rabbit@localhost.pid")
LISTEN = "0A"


def stat_fields(text: str) -> list[str]:
    """The fields of a /proc/<pid>/stat line after the command name, which may hold spaces and
    parentheses and is therefore cut at its last closing parenthesis. Field 3 (state) is [0]."""
    return text.rpartition(")")[2].split()


def cpu_ms(pid: int, *, children: bool = True, task: int | None = None) -> float:
    """User + system CPU of a process in ms (of one thread of it if `task`), and with
    `children` also that of its ended children it has waited for; 0 if it is gone."""
    path = PROC / str(pid) / ("stat" if task is None else f"task/{task}/stat")
    try:
        fields = stat_fields(path.read_text())
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime are fields 14-17 of stat(5): [11:15] after the name.
    ticks = [int(value) for value in fields[11:15]]
    return (sum(ticks) if children else ticks[0] + ticks[1]) * TICK_MS


def processes() -> Iterator[tuple[int, int, str]]:
    """(pid, parent pid, command name) of every process still there when read."""
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name = text[text.find("(") + 1 : text.rfind(")")]
        yield int(entry.name), int(stat_fields(text)[1]), name


def descendants(pid: int) -> list[int]:
    """Live children of `pid`, their children and so on."""
    children: dict[int, list[int]] = {}
    for child, parent, _ in processes():
        children.setdefault(parent, []).append(child)
    found: list[int] = []
    pending = list(children.get(pid, ()))
    while pending:
        child = pending.pop()
        found.append(child)
        pending.extend(children.get(child, ()))
    return found


def tree_cpu_ms(pid: int) -> float:
    """CPU of a process, its ended children and its live descendants, in ms."""
    return cpu_ms(pid) + sum(cpu_ms(child) for child in descendants(pid))


def named_cpu_ms(name: str) -> dict[int, float]:
    """CPU in ms of every process whose command name is `name`, by pid. Each includes its
    ended children, so the time of a backend that exits between two samples stays counted
    (in the postmaster's)."""
    return {pid: cpu_ms(pid) for pid, _, comm in processes() if comm == name}


def machine_busy_ms() -> float:
    """CPU time all cores spent on anything but idling and waiting for I/O since boot, in ms."""
    first = (PROC / "stat").read_text().splitlines()[0].split()
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in first[1:9])
    return (user + nice + system + irq + softirq + steal) * TICK_MS


def listening_inodes(port: int, tables: tuple[str, ...] = ("tcp", "tcp6")) -> set[str]:
    """Socket inodes listening on TCP `port` (any address)."""
    found: set[str] = set()
    for table in tables:
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        found.update(listener_inodes(lines, port))
    return found


def listener_inodes(lines: list[str], port: int) -> set[str]:
    """The inodes of the rows of a /proc/net/tcp table that listen on `port`."""
    found: set[str] = set()
    for line in lines:
        cells = line.split()
        local, state, inode = cells[1], cells[3], cells[9]
        if state == LISTEN and int(local.rpartition(":")[2], 16) == port:
            found.add(inode)
    return found


def listener_pid(port: int) -> int | None:
    """The process holding a socket that listens on TCP `port`, if this user may see it."""
    inodes = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    if not inodes:
        return None
    for pid, _, _ in processes():
        with_fds = PROC / str(pid) / "fd"
        try:
            if any(os.readlink(fd) in inodes for fd in with_fds.iterdir()):
                return pid
        except OSError:
            continue  # ended meanwhile, or not ours to read
    return None


def broker_pid(port: int) -> int | None:
    """RabbitMQ's Erlang VM serving AMQP on `port`: found by the listening socket, else by the
    Debian broker's pid file."""
    pid = listener_pid(port)
    if pid is not None:
        return pid
    try:
        pid = int(RABBIT_PID_FILE.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if (PROC / str(pid)).exists() else None
