"""A child of `wir run` ends with it, even when the supervisor is killed outright (SIGKILL, OOM)
and cannot stop its children itself."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

SUPERVISOR_PID = "WIR_SUPERVISOR_PID"
_PR_SET_PDEATHSIG = 1


def end_with_supervisor() -> None:
    """Ask the kernel for SIGTERM (a normal, graceful stop) when the supervisor dies. Does
    nothing outside `wir run` or off Linux."""
    expected = os.environ.get(SUPERVISOR_PID)
    if not expected or not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
        return
    if os.getppid() != int(expected):
        # The supervisor died before the request was in place.
        os.kill(os.getpid(), signal.SIGTERM)
