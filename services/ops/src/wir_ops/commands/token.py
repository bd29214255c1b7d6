"""`wir token`: a development JWT that every non-production service accepts."""

from __future__ import annotations

from typing import Annotated

import typer

from wir_contracts.districts import districts
from wir_kit.auth import DevTokenRefused, Role, issue_dev_token
from wir_ops.configuration import load_settings
from wir_ops.output import fail


def token(
    district: Annotated[str, typer.Option(help="Municipal key (AGS) of the district, e.g. 06431.")],
    role: Annotated[list[Role], typer.Option(help="A role of the caller; repeat for more.")],
    sub: Annotated[str, typer.Option(help="Subject: who the token stands for.")] = "wir-dev",
    ttl_hours: Annotated[float, typer.Option(help="Hours until the token expires.")] = 8.0,
) -> None:
    """Print a development token (refused when WIR_ENV=production); services accept it only
    when their WIR_ENV is local or test. `--role person --sub <person id>` reads that inbox."""
    if district not in districts():
        fail(f"unknown district {district!r}: expected a municipal key such as 06431", code=2)
    if not ttl_hours > 0:
        fail("--ttl-hours must be more than 0", code=2)
    settings = load_settings()
    try:
        issued = issue_dev_token(
            settings, sub=sub, district=district, roles=role, ttl_s=round(ttl_hours * 3600)
        )
    except DevTokenRefused as exc:
        fail(f"no token: {exc}", code=2)
    # Plain, unwrapped and alone on stdout, so that `TOKEN=$(wir token …)` works.
    typer.echo(issued)
