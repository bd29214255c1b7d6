"""`wir`: the operator CLI. Settings come from the `WIR_*` environment, as in the services."""

from __future__ import annotations

import typer

from wir_kit.logging import configure_logging
from wir_ops.commands import dlq, docs, migrate, run, seed_demo, serve, token

app = typer.Typer(
    name="wir",
    help="Operate the WIR platform: migrations, local run, demo data, tokens, dead letters.",
    no_args_is_help=True,
    add_completion=False,
    # A traceback's locals can hold message bodies, i.e. personal data.
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _configure() -> None:
    # The CLI's results are its tables; log lines from the kit or a service's hook only
    # when something is wrong. `wir serve` configures the service's own logging.
    configure_logging("wir-ops", level="WARNING")


app.command("migrate")(migrate.migrate)
app.command("seed-demo")(seed_demo.seed_demo)
app.command("token")(token.token)
app.command("serve")(serve.serve)
app.command("run")(run.run)
app.command("docs")(docs.docs)
app.add_typer(dlq.app, name="dlq")
