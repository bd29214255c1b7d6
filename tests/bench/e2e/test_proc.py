"""The /proc readers the benchmark charges CPU with."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from .proc import cpu_ms, descendants, listener_inodes, listener_pid, stat_fields

LISTENING = "   0: 0100007F:1628 00000000:0000 0A 00000000:00000000 00:00000000 00000000   0  0 4242 1"
CONNECTED = "   1: 0100007F:1628 0100007F:D431 01 00000000:00000000 00:00000000 00000000   0  0 4343 1"


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields() -> None:
    fields = stat_fields("42 (odd) (name x) S 7 42 42 0 -1 0 0 0 0 0 11 5 2 1")
    assert fields[0] == "S"
    assert fields[1] == "7"
    assert fields[11:15] == ["11", "5", "2", "1"]


def test_the_cpu_of_this_process_is_read_and_of_a_gone_one_is_zero() -> None:
    sum(i * i for i in range(300_000))  # at least a tick of work
    assert cpu_ms(os.getpid()) > 0
    assert cpu_ms(os.getpid(), task=os.getpid()) > 0
    assert cpu_ms(2**22 + 1) == 0.0  # above pid_max's default, never a process


def test_only_listening_rows_on_the_port_count() -> None:
    assert listener_inodes([LISTENING, CONNECTED], 0x1628) == {"4242"}
    assert listener_inodes([LISTENING], 0x1629) == set()


def test_the_process_listening_on_a_port_is_found() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert listener_pid(server.getsockname()[1]) == os.getpid()


def test_live_children_are_descendants() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in descendants(os.getpid())
    finally:
        child.kill()
        child.wait()
