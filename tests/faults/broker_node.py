"""A private, throwaway RabbitMQ node that the fault matrix may kill.

The machine's shared broker serves other test runs at the same time, so the matrix never
touches it: it starts `rabbitmq-server` as its own child (not detached, so the process group is
ours to kill) with a node name, ports, data directory and configuration of its own, no plugins
(no management listener to clash with), and removes the directory at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from wir_ops.sandbox import free_port

#: Debian installs the real start script here; /usr/sbin's wrapper would switch to the
#: `rabbitmq` user, who cannot write our directory.
_SCRIPT = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 20.0
#: AMQP 0-9-1's protocol header; a node that answers sends Connection.Start (a method frame).
_PROTOCOL_HEADER = b"AMQP\x00\x00\x09\x01"
_METHOD_FRAME = 1


class BrokerNodeFailed(RuntimeError):
    """The node did not answer in time; the message holds the end of its log."""


def server_script() -> Path | None:
    if _SCRIPT.exists():
        return _SCRIPT
    found = shutil.which("rabbitmq-server")
    return Path(found) if found else None


def progress(message: str) -> None:
    sys.stderr.write(f"fault matrix: broker: {message}\n")
    sys.stderr.flush()


class BrokerNode:
    def __init__(self, base: Path, script: Path) -> None:
        self.base = base
        self.script = script
        self.port = free_port()
        self.name = f"wirfaults-{uuid.uuid4().hex[:8]}@localhost"
        self.log = base / "node.log"
        self.process: subprocess.Popen[bytes] | None = None
        (base / "enabled_plugins").write_text("[].\n")
        (base / "rabbitmq-env.conf").write_text("")
        (base / "rabbitmq.conf").write_text(f"listeners.tcp.1 = 127.0.0.1:{self.port}\n")
        self._env = {
            **os.environ,
            "HOME": str(base),  # the Erlang cookie is written there
            "RABBITMQ_NODENAME": self.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(free_port()),
            "RABBITMQ_MNESIA_BASE": str(base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(base / "log"),
            "RABBITMQ_LOGS": "-",
            "RABBITMQ_PID_FILE": str(base / "node.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(base / "enabled_plugins"),
            # Not the machine's files: they name the shared node and its port.
            "RABBITMQ_CONF_ENV_FILE": str(base / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(base / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(base / "advanced.config"),
        }

    @property
    def amqp_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def start(self) -> None:
        """Start the node (on its data directory, which a restart keeps) and wait for AMQP."""
        started = time.monotonic()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(self.script)],
                env=self._env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = started + START_TIMEOUT_S
        while not answers(self.port):
            if self.process.poll() is not None:
                raise BrokerNodeFailed(
                    f"rabbitmq-server exited with {self.process.returncode}\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise BrokerNodeFailed(f"no AMQP answer within {START_TIMEOUT_S:g} s\n{self.tail()}")
            time.sleep(0.25)
        progress(f"{self.name} answers on port {self.port} after {time.monotonic() - started:.1f} s")

    def kill(self) -> None:
        """kill -9 of the node's process group (start script, Erlang VM and its helpers)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_TIMEOUT_S)
            self.process = None
        except ProcessLookupError:
            self.process = None
        except subprocess.TimeoutExpired:
            progress(f"still running {STOP_TIMEOUT_S:g} s after SIGTERM: killed")
        self.kill()

    def tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def answers(port: int) -> bool:
    """The node accepts an AMQP connection and starts the handshake."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2.0) as probe:
            probe.sendall(_PROTOCOL_HEADER)
            frame = probe.recv(7)
    except OSError:
        return False
    return len(frame) == 7 and frame[0] == _METHOD_FRAME
