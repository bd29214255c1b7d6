"""`python -m wir_web [--port N]`: the web app under uvicorn, as `wir run` starts it."""

from __future__ import annotations

import argparse

import uvicorn

from wir_kit.logging import configure_logging
from wir_kit.settings import Settings
from wir_web.main import build
from wir_web.settings import WebSettings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m wir_web", description=__doc__)
    parser.add_argument("--port", type=int, help="Default: WIR_WEB_PORT, else 8000.")
    arguments = parser.parse_args()
    web = WebSettings()
    port = arguments.port or web.port
    settings = Settings(service="web", http_port=port, uses_database=False)
    configure_logging("web", level=settings.log_level, json=settings.log_json)
    app = build(settings, web)
    # The kit logs each request once, by route template: no path or query (a search) in a log.
    uvicorn.run(
        app,
        host=settings.http_host,
        port=port,
        loop="uvloop",
        http="httptools",
        log_config=None,
        access_log=False,
    )


if __name__ == "__main__":
    main()
