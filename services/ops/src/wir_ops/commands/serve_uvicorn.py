"""One service in this process: its runtime's app under uvicorn."""

from __future__ import annotations

import math

import uvicorn

from wir_kit.logging import configure_logging
from wir_kit.runtime import Runtime
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_ops.commands.run_lifeline import end_with_supervisor


def build_server(spec: ServiceSpec, settings: Settings) -> uvicorn.Server:
    config = uvicorn.Config(
        Runtime(spec, settings).app(),
        host=settings.http_host,
        port=settings.http_port,
        loop="uvloop",
        # The C parser: h11, uvicorn's pure-Python fallback, costs a registration ~1 ms of CPU.
        http="httptools",
        lifespan="on",
        # The kit logs every request itself, once, without query strings.
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=math.ceil(settings.graceful_timeout_s),
    )
    return uvicorn.Server(config)


def serve(spec: ServiceSpec, settings: Settings) -> None:
    """Serve until SIGTERM or SIGINT; both let in-flight requests and handlers finish.

    A runtime that fails to start ends the process with uvicorn's startup-failure code 3.
    """
    end_with_supervisor()
    configure_logging(settings.service, level=settings.log_level, json=settings.log_json)
    try:
        build_server(spec, settings).run()
    except KeyboardInterrupt:
        # uvicorn re-raises a captured SIGINT after it has shut down gracefully: done.
        return
