"""`wir serve`: one service in this process, as `wir run` and containers start it."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from wir_ops.commands import run_ports, serve_uvicorn
from wir_ops.configuration import service_settings
from wir_ops.output import fail
from wir_ops.selection import chosen


def serve(
    service: Annotated[str, typer.Argument(help="The installed service to run.")],
    port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            help="Default: WIR_PORT_<SERVICE>, else the platform's port of the service.",
            show_default=False,
        ),
    ] = None,
    host: Annotated[str | None, typer.Option(help="Default: WIR_HTTP_HOST.", show_default=False)] = None,
) -> None:
    """Run one service (HTTP API, consumers, outbox relay) until SIGTERM or Ctrl-C."""
    [spec] = chosen([service])
    if port is None:
        try:
            port = run_ports.port_for(spec, {}, os.environ)
        except run_ports.PortError as exc:
            fail(str(exc), code=2)
    overrides: dict[str, object] = {"http_port": port}
    if host is not None:
        overrides["http_host"] = host
    serve_uvicorn.serve(spec, service_settings(spec, **overrides))
