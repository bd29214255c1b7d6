"""The web app beside the services in `wir run`: started when `wir_web` is installed, on
`--port web=N`, else WIR_PORT_WEB, else 8000, calling the services where this run serves them."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping, Sequence

from wir_ops.commands import run_ports
from wir_ops.commands.run_supervisor import Child

NAME = "web"
PORT = 8000


def installed() -> bool:
    return importlib.util.find_spec("wir_web") is not None


def wanted(only: Sequence[str] | None) -> bool:
    """With every service, or when named among `--only`."""
    return installed() and (not only or NAME in only)


def port(overrides: Mapping[str, int], environ: Mapping[str, str], taken: Mapping[str, int]) -> int:
    variable = run_ports.env_variable(NAME)
    chosen = overrides.get(NAME) or (
        run_ports.parse_port(environ[variable], variable) if variable in environ else PORT
    )
    for service, used in taken.items():
        if used == chosen:
            raise run_ports.PortError(f"{service} and {NAME} would both listen on port {chosen}")
    return chosen


def child(port: int, host: str, services: Mapping[str, str]) -> Child:
    """The web app, told where each service of this run answers and where it is itself reached."""
    env = {f"WIR_WEB_{name.upper()}_URL": url for name, url in services.items()}
    env["WIR_WEB_PUBLIC_URL"] = f"http://{host}:{port}"
    return Child(
        NAME,
        [sys.executable, "-m", "wir_web", "--port", str(port)],
        ready_url=f"http://{host}:{port}/readyz",
        env=env,
    )


#: Where services send people to the web app when it runs: the employer's share link and the
#: verification URL printed on a Kompetenznachweis open its pages (same paths as competence's),
#: and a person's message page links to the inbox there.
TAKEN_OVER = {"competence": "WIR_COMPETENCE_PUBLIC_URL", "notifications": "WIR_NOTIFICATIONS_WEB_URL"}


def service_env(service: str, web_url: str | None, environ: Mapping[str, str]) -> dict[str, str]:
    """What a service is told when the web app runs beside it, unless the operator said otherwise."""
    variable = TAKEN_OVER.get(service)
    if web_url is None or variable is None or variable in environ:
        return {}
    return {variable: web_url}
